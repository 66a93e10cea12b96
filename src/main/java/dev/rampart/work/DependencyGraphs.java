package dev.rampart.work;

import dev.rampart.shared.OrgId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Each organization's dependency graph, kept in memory by this node so that the cycle
 * check of a new dependency is a walk in memory (well under a millisecond for a
 * 10,000-task project) instead of one in SQL. A copy is used only while its version is
 * the organization's in the database ({@code rampart.dependency_graph_versions}, counted
 * up by a trigger on every change, whoever makes it: another node, a task's deletion, the
 * seeder); otherwise the graph is read again. Callers hold the organization's graph lock
 * ({@code rampart.lock_dependency_graph}), so the version they compare with cannot move
 * under them. The copies are bounded by {@code rampart.dependencies.cache-max-edges}
 * (default 2,000,000 dependencies in all; the least recently used organizations go
 * first).
 */
@Component
class DependencyGraphs {

	private final int maxEdges;

	private final LinkedHashMap<OrgId, Graph> graphs = new LinkedHashMap<>(16, 0.75f, true);

	private int cachedEdges;

	DependencyGraphs(@Value("${rampart.dependencies.cache-max-edges:2000000}") int maxEdges) {
		if (maxEdges < 0) {
			throw new IllegalArgumentException("rampart.dependencies.cache-max-edges must not be negative");
		}
		this.maxEdges = maxEdges;
	}

	/**
	 * Locks the organization's dependency graph until the transaction ends; answers its
	 * version.
	 */
	static long lock(DSLContext sql, OrgId org) {
		return sql.select(DSL.function("rampart.lock_dependency_graph", SQLDataType.BIGINT, DSL.val(org.value())))
			.fetchSingle()
			.value1();
	}

	/**
	 * The shortest chain by which {@code from} already blocks {@code to} ({@code from}
	 * first), if it does: a new dependency "to blocks from" would close a cycle.
	 */
	Optional<List<UUID>> chain(DSLContext sql, OrgId org, long version, UUID from, UUID to) {
		Graph graph = current(sql, org, version);
		synchronized (graph) {
			return graph.path(from, to);
		}
	}

	/**
	 * After the transaction that added {@code blocker → blocked} committed at
	 * {@code version + 1}: this node's copy follows, if it was the one checked.
	 */
	void added(OrgId org, long version, UUID blocker, UUID blocked) {
		Graph graph;
		synchronized (graphs) {
			graph = graphs.get(org);
		}
		if (graph != null) {
			synchronized (graph) {
				if (graph.version == version) {
					graph.add(blocker, blocked);
					graph.version = version + 1;
				}
			}
		}
	}

	private Graph current(DSLContext sql, OrgId org, long version) {
		synchronized (graphs) {
			Graph cached = graphs.get(org);
			if (cached != null) {
				synchronized (cached) {
					if (cached.version == version) {
						return cached;
					}
				}
			}
		}
		Graph loaded = new Graph(version);
		sql.select(DSL.field("blocker_id", UUID.class), DSL.field("blocked_id", UUID.class))
			.from(DSL.table("rampart.dependency_graph({0})", DSL.val(org.value())))
			.fetch()
			.forEach(edge -> loaded.add(edge.value1(), edge.value2()));
		synchronized (graphs) {
			Graph replaced = graphs.put(org, loaded);
			cachedEdges += loaded.edges - (replaced == null ? 0 : replaced.edges);
			var eldest = graphs.entrySet().iterator();
			while (cachedEdges > maxEdges && eldest.hasNext()) {
				Map.Entry<OrgId, Graph> entry = eldest.next();
				cachedEdges -= entry.getValue().edges;
				eldest.remove();
			}
		}
		return loaded;
	}

	/**
	 * One organization's dependencies: tasks numbered as they come, for each the numbers
	 * of the tasks it blocks. A walk reuses its arrays (callers hold the graph's
	 * monitor), so it allocates nothing but the chain it answers.
	 */
	static final class Graph {

		private final Map<UUID, Integer> numbers = new HashMap<>();

		private final List<UUID> tasks = new ArrayList<>();

		private int[][] blocks = new int[16][];

		private int[] blockCount = new int[16];

		private int[] seenAt = new int[16];

		private int[] cameFrom = new int[16];

		private int[] queue = new int[16];

		private int walk;

		private long version;

		private int edges;

		Graph(long version) {
			this.version = version;
		}

		void add(UUID blocker, UUID blocked) {
			int from = number(blocker);
			int to = number(blocked);
			int[] list = blocks[from];
			if (list == null) {
				list = new int[2];
			}
			else if (blockCount[from] == list.length) {
				list = Arrays.copyOf(list, list.length * 2);
			}
			list[blockCount[from]++] = to;
			blocks[from] = list;
			edges++;
		}

		private int number(UUID task) {
			Integer known = numbers.get(task);
			if (known != null) {
				return known;
			}
			int next = tasks.size();
			if (next == blocks.length) {
				int size = next * 2;
				blocks = Arrays.copyOf(blocks, size);
				blockCount = Arrays.copyOf(blockCount, size);
				seenAt = Arrays.copyOf(seenAt, size);
				cameFrom = Arrays.copyOf(cameFrom, size);
				queue = Arrays.copyOf(queue, size);
			}
			numbers.put(task, next);
			tasks.add(task);
			return next;
		}

		/** A shortest chain from {@code from} to {@code to} along the dependencies. */
		Optional<List<UUID>> path(UUID from, UUID to) {
			Integer start = numbers.get(from);
			Integer goal = numbers.get(to);
			if (start == null || goal == null) {
				// A task without dependencies reaches nothing and is reached by nothing.
				return Optional.empty();
			}
			if (++walk == Integer.MAX_VALUE) {
				Arrays.fill(seenAt, 0);
				walk = 1;
			}
			int head = 0;
			int tail = 0;
			queue[tail++] = start;
			seenAt[start] = walk;
			while (head < tail) {
				int current = queue[head++];
				if (current == goal) {
					LinkedList<UUID> chain = new LinkedList<>();
					for (int at = goal; at != start; at = cameFrom[at]) {
						chain.addFirst(tasks.get(at));
					}
					chain.addFirst(from);
					return Optional.of(List.copyOf(chain));
				}
				int[] next = blocks[current];
				for (int i = 0, n = blockCount[current]; i < n; i++) {
					int task = next[i];
					if (seenAt[task] != walk) {
						seenAt[task] = walk;
						cameFrom[task] = current;
						queue[tail++] = task;
					}
				}
			}
			return Optional.empty();
		}

	}

}
