package dev.rampart.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The in-memory walk of the cycle check: shortest chains, unknown tasks, many walks. */
class DependencyGraphsUnitTests {

	@Test
	void aWalkFindsTheShortestChainAndNothingWhereThereIsNone() {
		List<UUID> t = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			t.add(UUID.randomUUID());
		}
		DependencyGraphs.Graph graph = new DependencyGraphs.Graph(1);
		graph.add(t.get(0), t.get(1));
		graph.add(t.get(1), t.get(2));
		graph.add(t.get(2), t.get(3));
		graph.add(t.get(0), t.get(3));
		assertThat(graph.path(t.get(0), t.get(3))).contains(List.of(t.get(0), t.get(3)));
		assertThat(graph.path(t.get(1), t.get(3))).contains(List.of(t.get(1), t.get(2), t.get(3)));
		assertThat(graph.path(t.get(3), t.get(0))).isEmpty();
		assertThat(graph.path(t.get(4), t.get(0))).as("a task without dependencies").isEmpty();
		assertThat(graph.path(t.get(0), UUID.randomUUID())).isEmpty();
	}

	@Test
	void everyWalkAgreesWithAPlainSearchOnALargeRandomGraph() {
		Random random = new Random(7);
		int n = 3_000;
		List<UUID> t = new ArrayList<>();
		List<List<Integer>> next = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			t.add(UUID.randomUUID());
			next.add(new ArrayList<>());
		}
		DependencyGraphs.Graph graph = new DependencyGraphs.Graph(1);
		for (int e = 0; e < 6_000; e++) {
			int a = random.nextInt(n - 1);
			int b = a + 1 + random.nextInt(n - a - 1);
			graph.add(t.get(a), t.get(b));
			next.get(a).add(b);
		}
		for (int q = 0; q < 500; q++) {
			int a = random.nextInt(n);
			int b = random.nextInt(n);
			boolean[] seen = new boolean[n];
			java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(List.of(a));
			seen[a] = true;
			while (!queue.isEmpty()) {
				for (int to : next.get(queue.poll())) {
					if (!seen[to]) {
						seen[to] = true;
						queue.add(to);
					}
				}
			}
			var found = graph.path(t.get(a), t.get(b));
			assertThat(found.isPresent()).as("%d reaches %d", a, b).isEqualTo(seen[b]);
			found.ifPresent(chain -> {
				assertThat(chain.get(0)).isEqualTo(t.get(a));
				assertThat(chain.get(chain.size() - 1)).isEqualTo(t.get(b));
			});
		}
	}

}
