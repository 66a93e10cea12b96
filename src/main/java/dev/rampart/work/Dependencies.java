package dev.rampart.work;

import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.TASK_DEPENDENCIES;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TaskId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Dependencies between tasks of one organization ("A blocks B": A is to be done first).
 * Whoever may update the blocked task adds or removes its blockers, naming only tasks
 * they can see; a dependency that would close a cycle is refused with the cycle named
 * (tasks the actor cannot see are named as such). The cycle check reads every dependency
 * of the organization, so a cycle through a hidden task is refused too.
 */
@Service
public class Dependencies {

	private static final String BLOCKER = "blockerId";

	private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Dependencies.class);

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final Tasks tasks;

	private final ApplicationEventPublisher events;

	private final DependencyGraphs graphs;

	Dependencies(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock, Tasks tasks,
			DependencyGraphs graphs) {
		this.graphs = graphs;
		this.events = events;
		this.db = db;
		this.access = access;
		this.clock = clock;
		this.tasks = tasks;
	}

	/** What blocks the task and what it blocks, as far as the actor sees. */
	public TaskLinks of(Actor actor, TaskId task) {
		access.require(actor, Permission.TASK_READ, task);
		return forTasks(actor, List.of(task)).getOrDefault(task, TaskLinks.NONE);
	}

	/**
	 * The dependencies of these tasks in one statement (a page of tasks); only those
	 * whose both tasks the actor sees (row-level security).
	 */
	public Map<TaskId, TaskLinks> forTasks(Actor actor, Collection<TaskId> ids) {
		List<UUID> values = ids.stream().map(TaskId::value).distinct().toList();
		Map<TaskId, List<Task>> blockedBy = new LinkedHashMap<>();
		Map<TaskId, List<Task>> blocks = new LinkedHashMap<>();
		values.forEach(id -> {
			blockedBy.put(new TaskId(id), new ArrayList<>());
			blocks.put(new TaskId(id), new ArrayList<>());
		});
		if (values.isEmpty()) {
			return Map.of();
		}
		var blockerTask = TASKS.as("blocker_task");
		var blockedTask = TASKS.as("blocked_task");
		var edges = db.read(DbContext.user(actor.userId()),
				sql -> sql.select(blockerTask.fields())
					.select(blockedTask.fields())
					.from(TASK_DEPENDENCIES)
					.join(blockerTask)
					.on(blockerTask.ID.eq(TASK_DEPENDENCIES.BLOCKER_ID))
					.join(blockedTask)
					.on(blockedTask.ID.eq(TASK_DEPENDENCIES.BLOCKED_ID))
					.where(TASK_DEPENDENCIES.BLOCKED_ID.in(values).or(TASK_DEPENDENCIES.BLOCKER_ID.in(values)))
					.orderBy(TASK_DEPENDENCIES.CREATED_AT, TASK_DEPENDENCIES.BLOCKER_ID, TASK_DEPENDENCIES.BLOCKED_ID)
					.fetch());
		for (var edge : edges) {
			Task blocker = tasks.toTask(edge.into(blockerTask));
			Task blocked = tasks.toTask(edge.into(blockedTask));
			if (blockedBy.containsKey(blocked.id())) {
				blockedBy.get(blocked.id()).add(blocker);
			}
			if (blocks.containsKey(blocker.id())) {
				blocks.get(blocker.id()).add(blocked);
			}
		}
		return values.stream()
			.map(TaskId::new)
			.collect(Collectors.toMap(id -> id,
					id -> new TaskLinks(List.copyOf(blockedBy.get(id)), List.copyOf(blocks.get(id))), (a, b) -> a,
					LinkedHashMap::new));
	}

	/**
	 * Records that {@code blocker} blocks {@code task}: needs the right to update
	 * {@code task} and to see {@code blocker}, both in one organization; refused with the
	 * cycle named if {@code task} already blocks {@code blocker}.
	 */
	public TaskLinks add(Actor actor, TaskId task, TaskId blocker) {
		if (task.equals(blocker)) {
			throw new InvalidInput(BLOCKER, "a task cannot block itself");
		}
		Resource.Task blocked = access.require(actor, Permission.TASK_UPDATE, task).resource();
		Resource.Task blocking = access.require(actor, Permission.TASK_READ, blocker).resource();
		if (!blocked.org().equals(blocking.org())) {
			throw new InvalidInput(BLOCKER, "must be a task of the same organization");
		}
		OrgId org = blocked.org();
		long version = db.write(DbContext.user(actor.userId()), sql -> {
			// One organization's dependency changes one after another: two changes that
			// each close half of a cycle cannot both pass the check.
			long started = System.nanoTime();
			long current = DependencyGraphs.lock(sql, org);
			if (sql.fetchExists(TASK_DEPENDENCIES, TASK_DEPENDENCIES.BLOCKER_ID.eq(blocker.value())
				.and(TASK_DEPENDENCIES.BLOCKED_ID.eq(task.value())))) {
				throw new Conflict("that task already blocks this one");
			}
			// A cycle if the task already blocks the blocker, directly or through others
			// (those the actor cannot see included).
			Optional<List<UUID>> chain = graphs.chain(sql, org, current, task.value(), blocker.value());
			// For bench/dependencies.sh and operators: how long the check took, nothing
			// else.
			LOG.debug("dependency cycle check: {} microseconds", (System.nanoTime() - started) / 1_000);
			if (chain.isPresent()) {
				throw new Conflict("it would close a cycle: " + named(sql, chain.get()) + " already, and "
						+ named(sql, List.of(blocker.value(), task.value())) + " would close it");
			}
			sql.insertInto(TASK_DEPENDENCIES)
				.set(TASK_DEPENDENCIES.ORG_ID, org.value())
				.set(TASK_DEPENDENCIES.BLOCKER_ID, blocker.value())
				.set(TASK_DEPENDENCIES.BLOCKED_ID, task.value())
				.set(TASK_DEPENDENCIES.CREATED_BY, actor.userId().value())
				.set(TASK_DEPENDENCIES.CREATED_AT, Clocks.now(clock))
				.execute();
			events.publishEvent(new WorkEvent.DependencyAdded(org, task, blocker));
			return current;
		});
		// Committed: this node's copy of the graph takes the new dependency too.
		graphs.added(org, version, blocker.value(), task.value());
		return of(actor, task);
	}

	/** {@code blocker} no longer blocks {@code task}. */
	public void remove(Actor actor, TaskId task, TaskId blocker) {
		Resource.Task blocked = access.require(actor, Permission.TASK_UPDATE, task).resource();
		db.write(DbContext.user(actor.userId()), sql -> {
			Database.requireChanged(sql.deleteFrom(TASK_DEPENDENCIES)
				.where(TASK_DEPENDENCIES.BLOCKER_ID.eq(blocker.value()))
				.and(TASK_DEPENDENCIES.BLOCKED_ID.eq(task.value()))
				.execute(), () -> new NotFound("dependency"));
			events.publishEvent(new WorkEvent.DependencyRemoved(blocked.org(), task, blocker));
			return null;
		});
	}

	/**
	 * "Title A" blocks "Title B" blocks …: the titles the actor may see (row-level
	 * security), the others as "a task you cannot see".
	 */
	private String named(DSLContext sql, List<UUID> chain) {
		Map<UUID, String> titles = new LinkedHashMap<>();
		sql.selectFrom(TASKS)
			.where(TASKS.ID.in(chain))
			.fetch()
			.forEach(row -> titles.put(row.getId(), "“" + tasks.toTask(row).title() + "”"));
		List<String> names = new ArrayList<>();
		for (UUID id : chain) {
			names.add(titles.getOrDefault(id, "a task you cannot see"));
		}
		return String.join(" blocks ", names);
	}

	/**
	 * Takes the organization's dependency graph lock until the transaction ends: one
	 * organization's dependency changes one after another.
	 */
	static void lockOrganization(DSLContext sql, OrgId org) {
		DependencyGraphs.lock(sql, org);
	}

}
