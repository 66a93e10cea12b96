package dev.rampart.work;

import static dev.rampart.db.schema.Tables.SPRINTS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.WORKFLOW_STATUSES;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.SprintsRecord;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Sprints of a project and the planning of tasks into them. Whoever may read the project
 * reads its sprints; whoever may update the project creates, changes, starts, closes and
 * deletes them (one active at a time); whoever may update a task plans it into a sprint
 * or the backlog and orders it there ({@link #move}). Names and goals are sealed.
 */
@Service
public class Sprints {

	public static final int NAME_MAX = 200;

	public static final int GOAL_MAX = 2_000;

	private static final String SPRINT = "sprint";

	private static final Condition DONE = WORKFLOW_STATUSES.CATEGORY.eq(Workflow.Category.DONE.wireName());

	private static final Field<Integer> TASK_COUNT = DSL
		.field(DSL.selectCount().from(TASKS).where(TASKS.SPRINT_ID.eq(SPRINTS.ID)))
		.as("task_count");

	private static final Field<java.math.BigDecimal> POINTS = DSL
		.field(DSL.select(DSL.coalesce(DSL.sum(TASKS.STORY_POINTS), DSL.inline(java.math.BigDecimal.ZERO)))
			.from(TASKS)
			.where(TASKS.SPRINT_ID.eq(SPRINTS.ID)))
		.as("points");

	private static final Field<java.math.BigDecimal> DONE_POINTS = DSL
		.field(DSL.select(DSL.coalesce(DSL.sum(TASKS.STORY_POINTS), DSL.inline(java.math.BigDecimal.ZERO)))
			.from(TASKS)
			.join(WORKFLOW_STATUSES)
			.on(WORKFLOW_STATUSES.PROJECT_ID.eq(TASKS.PROJECT_ID))
			.and(WORKFLOW_STATUSES.KEY.eq(TASKS.STATUS))
			.where(TASKS.SPRINT_ID.eq(SPRINTS.ID))
			.and(DONE))
		.as("done_points");

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final FieldCipher cipher;

	private final PlanningSettings settings;

	private final ApplicationEventPublisher events;

	private final Tasks tasks;

	Sprints(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock, FieldCipher cipher,
			PlanningSettings settings, Tasks tasks) {
		this.events = events;
		this.tasks = tasks;
		this.db = db;
		this.access = access;
		this.clock = clock;
		this.cipher = cipher;
		this.settings = settings;
	}

	/** The project's sprints, by start date. */
	public List<Sprint> list(Actor actor, ProjectId project) {
		access.require(actor, Permission.PROJECT_READ, project);
		return db.read(DbContext.user(actor.userId()), sql -> select(sql, SPRINTS.PROJECT_ID.eq(project.value())));
	}

	/**
	 * These sprints in one statement (those of a page of tasks) that the actor may see.
	 */
	public java.util.Map<UUID, Sprint> byIds(Actor actor, java.util.Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return java.util.Map.of();
		}
		return db.read(DbContext.user(actor.userId()), sql -> select(sql, SPRINTS.ID.in(ids)).stream()
			.collect(java.util.stream.Collectors.toMap(Sprint::id, s -> s)));
	}

	public Sprint get(Actor actor, UUID sprint) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			access.require(actor, Permission.PROJECT_READ, projectOf(sql, sprint));
			return one(sql, sprint);
		});
	}

	public Sprint create(Actor actor, ProjectId project, String name, String goal, LocalDate start, LocalDate end) {
		String validName = TextFields.name("name", name, NAME_MAX);
		String validGoal = TextFields.text("goal", goal, GOAL_MAX);
		requireDates(start, end);
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		UUID id = UUID.randomUUID();
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			if (sql.fetchCount(SPRINTS, SPRINTS.PROJECT_ID.eq(project.value())) >= settings.maxSprintsPerProject()) {
				throw new Conflict("the project already has " + settings.maxSprintsPerProject() + " sprints");
			}
			SprintsRecord row = new SprintsRecord();
			row.setId(id);
			row.setOrgId(resource.org().value());
			row.setProjectId(project.value());
			row.setName(cipher.seal(resource.org(), FieldCipher.Column.SPRINT_NAME, id, validName));
			row.setGoal(cipher.seal(resource.org(), FieldCipher.Column.SPRINT_GOAL, id, validGoal));
			row.setStartDate(start);
			row.setEndDate(end);
			row.setState(Sprint.State.PLANNED.wireName());
			row.setCreatedBy(actor.userId().value());
			row.setCreatedAt(now);
			row.setUpdatedAt(now);
			row.setVersion(1);
			sql.insertInto(SPRINTS).set(row).execute();
			events.publishEvent(new WorkEvent.SprintChanged(resource.org(), id, "created"));
			return one(sql, id);
		});
	}

	/**
	 * Changes what is given (name, goal, dates) if the sprint is still at
	 * {@code expectedVersion}; a closed sprint's dates stay.
	 */
	public Sprint update(Actor actor, UUID sprint, int expectedVersion, Change<String> name, Change<String> goal,
			Change<LocalDate> start, Change<LocalDate> end) {
		if (!name.present() && !goal.present() && !start.present() && !end.present()) {
			throw new InvalidInput("body", "name at least one of name, goal, startDate, endDate");
		}
		String validName = name.present() ? TextFields.name("name", Projects.require("name", name.value()), NAME_MAX)
				: null;
		String validGoal = goal.present() ? TextFields.text("goal", Projects.require("goal", goal.value()), GOAL_MAX)
				: null;
		ProjectId project = db.read(DbContext.user(actor.userId()), sql -> projectOf(sql, sprint));
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		return db.write(DbContext.user(actor.userId()), sql -> {
			SprintsRecord current = locked(sql, sprint, project);
			if (current.getVersion() != expectedVersion && expectedVersion != Tasks.ANY_VERSION) {
				throw StaleVersion.ofSprint(current.getVersion());
			}
			LocalDate newStart = start.present() ? Projects.require("startDate", start.value())
					: current.getStartDate();
			LocalDate newEnd = end.present() ? Projects.require("endDate", end.value()) : current.getEndDate();
			if ((start.present() || end.present()) && Sprint.State.CLOSED.wireName().equals(current.getState())) {
				throw new Conflict("a closed sprint's dates stay as they were");
			}
			requireDates(newStart, newEnd);
			Set<String> fields = new LinkedHashSet<>();
			var update = sql.update(SPRINTS)
				.set(SPRINTS.UPDATED_AT, Clocks.now(clock))
				.set(SPRINTS.VERSION, SPRINTS.VERSION.plus(1))
				.set(SPRINTS.START_DATE, newStart)
				.set(SPRINTS.END_DATE, newEnd);
			if (validName != null) {
				update = update.set(SPRINTS.NAME,
						cipher.seal(resource.org(), FieldCipher.Column.SPRINT_NAME, sprint, validName));
				fields.add("name");
			}
			if (validGoal != null) {
				update = update.set(SPRINTS.GOAL,
						cipher.seal(resource.org(), FieldCipher.Column.SPRINT_GOAL, sprint, validGoal));
				fields.add("goal");
			}
			if (start.present()) {
				fields.add("startDate");
			}
			if (end.present()) {
				fields.add("endDate");
			}
			update.where(SPRINTS.ID.eq(sprint)).execute();
			events.publishEvent(new WorkEvent.SprintChanged(resource.org(), sprint,
					"changed: " + String.join(", ", new java.util.TreeSet<>(fields))));
			return one(sql, sprint);
		});
	}

	/** A planned sprint becomes the project's active one (there is at most one). */
	public Sprint start(Actor actor, UUID sprint) {
		ProjectId project = db.read(DbContext.user(actor.userId()), sql -> projectOf(sql, sprint));
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		try {
			return db.write(DbContext.user(actor.userId()), sql -> {
				SprintsRecord current = locked(sql, sprint, project);
				if (!Sprint.State.PLANNED.wireName().equals(current.getState())) {
					throw new Conflict("only a planned sprint can start; this one is " + current.getState());
				}
				sql.update(SPRINTS)
					.set(SPRINTS.STATE, Sprint.State.ACTIVE.wireName())
					.set(SPRINTS.STARTED_AT, Clocks.now(clock))
					.set(SPRINTS.UPDATED_AT, Clocks.now(clock))
					.set(SPRINTS.VERSION, SPRINTS.VERSION.plus(1))
					.where(SPRINTS.ID.eq(sprint))
					.execute();
				events.publishEvent(new WorkEvent.SprintChanged(resource.org(), sprint, "started"));
				return one(sql, sprint);
			});
		}
		catch (DuplicateKeyException another) {
			throw new Conflict("the project has an active sprint already: close it first");
		}
	}

	/**
	 * Closes the active sprint: its unfinished tasks (not in a done status), those the
	 * closer cannot see too, move to {@code next} (a planned or the active sprint of the
	 * project) or, without one, to the backlog. Returns the closed sprint.
	 */
	public Sprint close(Actor actor, UUID sprint, Optional<UUID> next) {
		ProjectId project = db.read(DbContext.user(actor.userId()), sql -> projectOf(sql, sprint));
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		return db.write(DbContext.user(actor.userId()), sql -> {
			SprintsRecord current = locked(sql, sprint, project);
			if (!Sprint.State.ACTIVE.wireName().equals(current.getState())) {
				throw new Conflict("only the active sprint can close; this one is " + current.getState());
			}
			if (next.isPresent()) {
				if (next.get().equals(sprint)) {
					throw new InvalidInput("nextSprintId", "must be another sprint");
				}
				requireOpenSprintOf(sql, project, next.get(), "nextSprintId");
			}
			Instant now = Clocks.now(clock);
			sql.update(SPRINTS)
				.set(SPRINTS.STATE, Sprint.State.CLOSED.wireName())
				.set(SPRINTS.CLOSED_AT, now)
				.set(SPRINTS.UPDATED_AT, now)
				.set(SPRINTS.VERSION, SPRINTS.VERSION.plus(1))
				.where(SPRINTS.ID.eq(sprint))
				.execute();
			Long moved = sql
				.select(DSL.field("rampart.move_unfinished_sprint_tasks({0}, {1}, {2})", Long.class, DSL.val(sprint),
						DSL.val(next.orElse(null), SPRINTS.ID), DSL.val(now, SPRINTS.CLOSED_AT)))
				.fetchOne(0, Long.class);
			events.publishEvent(new WorkEvent.SprintChanged(resource.org(), sprint, "closed; " + moved
					+ " unfinished tasks to " + (next.isPresent() ? "the next sprint" : "the backlog")));
			return one(sql, sprint);
		});
	}

	/** Deletes the sprint; its tasks go back to the backlog. */
	public void delete(Actor actor, UUID sprint) {
		ProjectId project = db.read(DbContext.user(actor.userId()), sql -> projectOf(sql, sprint));
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		db.write(DbContext.user(actor.userId()), sql -> {
			Database.requireChanged(sql.deleteFrom(SPRINTS)
				.where(SPRINTS.ID.eq(sprint))
				.and(SPRINTS.PROJECT_ID.eq(project.value()))
				.execute(), () -> new NotFound(SPRINT));
			events.publishEvent(new WorkEvent.SprintChanged(resource.org(), sprint, "deleted"));
			return null;
		});
	}

	/**
	 * Plans the task into {@code sprint} (empty: the backlog) at a place in that list:
	 * right after {@code after}, right before {@code before}, between both, or at the end
	 * without either. Only the task's rank is written.
	 */
	public Task move(Actor actor, TaskId task, Optional<UUID> sprint, Optional<TaskId> after, Optional<TaskId> before) {
		Resource.Task resource = access.require(actor, Permission.TASK_UPDATE, task).resource();
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()), sql -> {
			if (sprint.isPresent()) {
				requireOpenSprintOf(sql, resource.project(), sprint.get(), "sprintId");
			}
			Condition list = TASKS.PROJECT_ID.eq(resource.project().value())
				.and(sprint.map(TASKS.SPRINT_ID::eq).orElse(TASKS.SPRINT_ID.isNull()))
				.and(TASKS.ID.ne(task.value()));
			String rank = rank(sql, list, after, before, now);
			int updated = sql.update(TASKS)
				.set(TASKS.SPRINT_ID, sprint.orElse(null))
				.set(TASKS.RANK_KEY, rank)
				.set(TASKS.VERSION, TASKS.VERSION.plus(1))
				.set(TASKS.UPDATED_BY, actor.userId().value())
				.set(TASKS.UPDATED_AT, now)
				.where(TASKS.ID.eq(task.value()))
				.and(TASKS.PROJECT_ID.eq(resource.project().value()))
				.execute();
			Database.requireChanged(updated, () -> new NotFound("task"));
			events.publishEvent(new WorkEvent.TaskUpdated(resource.org(), task, Set.of("sprint", "rank")));
			return null;
		});
		return tasks.get(actor, task);
	}

	/**
	 * The rank for the place asked, from the neighbours in the list (as the actor sees
	 * it).
	 */
	private static String rank(DSLContext sql, Condition list, Optional<TaskId> after, Optional<TaskId> before,
			Instant now) {
		if (after.isEmpty() && before.isEmpty()) {
			return Ranks.bottom(sql.select(DSL.max(TASKS.RANK_KEY)).from(TASKS).where(list).fetchOne(0, String.class),
					now);
		}
		String low = after.map(a -> neighbour(sql, list, a, "afterTaskId")).orElse(null);
		String high = before.map(b -> neighbour(sql, list, b, "beforeTaskId")).orElse(null);
		if (low != null && (high == null || low.compareTo(high) >= 0)) {
			high = sql.select(DSL.min(TASKS.RANK_KEY))
				.from(TASKS)
				.where(list)
				.and(TASKS.RANK_KEY.gt(low))
				.fetchOne(0, String.class);
		}
		else if (low == null) {
			low = sql.select(DSL.max(TASKS.RANK_KEY))
				.from(TASKS)
				.where(list)
				.and(TASKS.RANK_KEY.lt(high))
				.fetchOne(0, String.class);
			if (low == null) {
				return Ranks.top(high, now);
			}
		}
		if (high == null) {
			return Ranks.bottom(low, now);
		}
		String rank = Ranks.between(low, high);
		if (rank.length() > Ranks.MAX_LENGTH) {
			throw new Conflict("that place in the list has been used too often: move one of its neighbours first");
		}
		return rank;
	}

	private static String neighbour(DSLContext sql, Condition list, TaskId task, String field) {
		return sql.select(TASKS.RANK_KEY)
			.from(TASKS)
			.where(list)
			.and(TASKS.ID.eq(task.value()))
			.fetchOptional(TASKS.RANK_KEY)
			.orElseThrow(() -> new InvalidInput(field, "must be a task of that list (the sprint or the backlog)"));
	}

	/**
	 * A sprint of this project that is not closed (tasks are planned into planned or
	 * active sprints only).
	 */
	static void requireOpenSprintOf(DSLContext sql, ProjectId project, UUID sprint, String field) {
		String state = sql.select(SPRINTS.STATE)
			.from(SPRINTS)
			.where(SPRINTS.ID.eq(sprint))
			.and(SPRINTS.PROJECT_ID.eq(project.value()))
			.fetchOptional(SPRINTS.STATE)
			.orElseThrow(() -> new InvalidInput(field, "is not a sprint of the task's project"));
		if (Sprint.State.CLOSED.wireName().equals(state)) {
			throw new InvalidInput(field, "names a closed sprint");
		}
	}

	private static void requireDates(LocalDate start, LocalDate end) {
		for (LocalDate date : List.of(start, end)) {
			if (date.getYear() < 1900 || date.getYear() > 9999) {
				throw new InvalidInput(date == start ? "startDate" : "endDate",
						"must be between 1900-01-01 and 9999-12-31");
			}
		}
		if (end.isBefore(start)) {
			throw new InvalidInput("endDate", "must not be before the start date (" + start + ")");
		}
		if (start.plusDays(366).isBefore(end)) {
			throw new InvalidInput("endDate", "a sprint lasts at most a year");
		}
	}

	/** The sprint's project, if the actor may see the sprint; otherwise not found. */
	static ProjectId projectOf(DSLContext sql, UUID sprint) {
		return sql.select(SPRINTS.PROJECT_ID)
			.from(SPRINTS)
			.where(SPRINTS.ID.eq(sprint))
			.fetchOptional(SPRINTS.PROJECT_ID)
			.map(ProjectId::new)
			.orElseThrow(() -> new NotFound(SPRINT));
	}

	private static SprintsRecord locked(DSLContext sql, UUID sprint, ProjectId project) {
		return sql.selectFrom(SPRINTS)
			.where(SPRINTS.ID.eq(sprint))
			.and(SPRINTS.PROJECT_ID.eq(project.value()))
			.forUpdate()
			.fetchOptional()
			.orElseThrow(() -> new NotFound(SPRINT));
	}

	Sprint one(DSLContext sql, UUID sprint) {
		return select(sql, SPRINTS.ID.eq(sprint)).stream().findFirst().orElseThrow(() -> new NotFound(SPRINT));
	}

	private List<Sprint> select(DSLContext sql, Condition where) {
		return sql.select(SPRINTS.fields())
			.select(TASK_COUNT, POINTS, DONE_POINTS)
			.from(SPRINTS)
			.where(where)
			.orderBy(SPRINTS.START_DATE, SPRINTS.CREATED_AT, SPRINTS.ID)
			.fetch(this::toSprint);
	}

	private Sprint toSprint(Record row) {
		SprintsRecord r = row.into(SPRINTS);
		OrgId org = new OrgId(r.getOrgId());
		return new Sprint(r.getId(), org, new ProjectId(r.getProjectId()),
				cipher.open(org, FieldCipher.Column.SPRINT_NAME, r.getId(), r.getName()),
				cipher.open(org, FieldCipher.Column.SPRINT_GOAL, r.getId(), r.getGoal()), r.getStartDate(),
				r.getEndDate(), Sprint.State.parse("state", r.getState()), Optional.ofNullable(r.getStartedAt()),
				Optional.ofNullable(r.getClosedAt()), new UserId(r.getCreatedBy()), r.getCreatedAt(), r.getUpdatedAt(),
				r.getVersion(), row.get(TASK_COUNT), row.get(POINTS).intValue(), row.get(DONE_POINTS).intValue());
	}

}
