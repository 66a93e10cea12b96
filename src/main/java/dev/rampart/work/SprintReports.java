package dev.rampart.work;

import static dev.rampart.db.schema.Tables.SPRINTS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.TASK_HISTORY;
import static dev.rampart.db.schema.Tables.WORKFLOW_STATUSES;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.ProjectId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Burndown and velocity, computed from the task history (each task's sprint, story points
 * and status replayed to the moment asked), so tasks added, re-estimated or taken out
 * mid-sprint count as they were at each moment. Over the tasks the reader can see (the
 * same rules as everywhere: a restricted task they cannot see adds nothing). Days are UTC
 * days.
 */
@Service
public class SprintReports {

	/** Closed sprints the velocity reaches back over. */
	static final int VELOCITY_SPRINTS = 10;

	private final Database db;

	private final Clock clock;

	private final Sprints sprints;

	SprintReports(Database db, Clock clock, Sprints sprints) {
		this.db = db;
		this.clock = clock;
		this.sprints = sprints;
	}

	/**
	 * {@code committed}: the points not done when the sprint started; one entry a day
	 * with what remained at its end (empty for days still to come) and the ideal line
	 * from {@code committed} to none on the last day.
	 */
	public record Burndown(Sprint sprint, int committed, List<Day> days) {

		public record Day(LocalDate date, Optional<Integer> remaining, Optional<Integer> scope, double ideal) {
		}

	}

	/**
	 * Per closed sprint (oldest first): points committed at its start, points done at its
	 * close.
	 */
	public record Velocity(List<Entry> sprints, double average) {

		public record Entry(Sprint sprint, int committed, int completed) {
		}

	}

	public Burndown burndown(Actor actor, UUID sprintId) {
		Sprint sprint = sprints.get(actor, sprintId);
		Instant now = clock.instant();
		return db.read(DbContext.user(actor.userId()), sql -> {
			Replay replay = replay(sql, sprint.projectId(), Set.of(sprint.id()));
			Instant start = startOf(sprint);
			int committed = replay.remaining(sprint.id(), start);
			List<Burndown.Day> days = new ArrayList<>();
			int length = (int) ChronoUnit.DAYS.between(sprint.startDate(), sprint.endDate()) + 1;
			for (int i = 0; i < length; i++) {
				LocalDate date = sprint.startDate().plusDays(i);
				Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
				Instant end = sprint.closedAt()
					.filter(closed -> closed.isBefore(dayStart.plus(1, ChronoUnit.DAYS)))
					.map(SprintReports::justBefore)
					.orElse(justBefore(dayStart.plus(1, ChronoUnit.DAYS)));
				boolean known = !dayStart.isAfter(now)
						&& (sprint.closedAt().isEmpty() || !dayStart.isAfter(sprint.closedAt().get()));
				Instant at = end.isAfter(now) ? now : end;
				double ideal = committed * (double) (length - 1 - i) / length;
				days.add(new Burndown.Day(date,
						known ? Optional.of(replay.remaining(sprint.id(), at)) : Optional.empty(),
						known ? Optional.of(replay.scope(sprint.id(), at)) : Optional.empty(),
						Math.round(ideal * 10) / 10.0));
			}
			return new Burndown(sprint, committed, days);
		});
	}

	public Velocity velocity(Actor actor, ProjectId project) {
		// The list decides the actor may read the project (and says not found otherwise).
		List<Sprint> closed = sprints.list(actor, project)
			.stream()
			.filter(s -> s.state() == Sprint.State.CLOSED)
			.sorted(java.util.Comparator.comparing((Sprint s) -> s.closedAt().orElseThrow()))
			.toList();
		List<Sprint> recent = closed.subList(Math.max(0, closed.size() - VELOCITY_SPRINTS), closed.size());
		if (recent.isEmpty()) {
			return new Velocity(List.of(), 0);
		}
		return db.read(DbContext.user(actor.userId()), sql -> {
			Replay replay = replay(sql, project, recent.stream().map(Sprint::id).collect(Collectors.toSet()));
			List<Velocity.Entry> entries = recent.stream()
				.map(s -> new Velocity.Entry(s, replay.remaining(s.id(), startOf(s)),
						replay.done(s.id(), justBefore(s.closedAt().orElseThrow()))))
				.toList();
			return new Velocity(entries,
					Math.round(entries.stream().mapToInt(Velocity.Entry::completed).average().orElse(0) * 10) / 10.0);
		});
	}

	/**
	 * The last moment before {@code at} (times are microseconds): a sprint is counted as
	 * it was when it closed, before its unfinished tasks left it.
	 */
	private static Instant justBefore(Instant at) {
		return at.minusNanos(1_000);
	}

	/** When a sprint's burndown starts: when it was started, or its first day. */
	private static Instant startOf(Sprint sprint) {
		Instant firstDay = sprint.startDate().atStartOfDay(ZoneOffset.UTC).toInstant();
		return sprint.startedAt().filter(started -> started.isAfter(firstDay)).orElse(firstDay);
	}

	/**
	 * The tasks ever planned into these sprints (those the reader sees), each with its
	 * current sprint, points and status and the recorded changes of those three.
	 */
	private Replay replay(DSLContext sql, ProjectId project, Set<UUID> sprintIds) {
		List<String> ids = sprintIds.stream().map(UUID::toString).toList();
		Set<UUID> taskIds = new java.util.HashSet<>(sql.select(TASKS.ID)
			.from(TASKS)
			.where(TASKS.PROJECT_ID.eq(project.value()))
			.and(TASKS.SPRINT_ID.in(sprintIds))
			.fetch(TASKS.ID));
		taskIds.addAll(sql.selectDistinct(TASK_HISTORY.TASK_ID)
			.from(TASK_HISTORY)
			.where(TASK_HISTORY.PROJECT_ID.eq(project.value()))
			.and(TASK_HISTORY.FIELD.eq("sprint"))
			.and(TASK_HISTORY.OLD_VALUE.in(ids).or(TASK_HISTORY.NEW_VALUE.in(ids)))
			.fetch(TASK_HISTORY.TASK_ID));
		Map<UUID, Timeline> timelines = new HashMap<>();
		if (!taskIds.isEmpty()) {
			sql.select(TASKS.ID, TASKS.SPRINT_ID, TASKS.STORY_POINTS, TASKS.STATUS)
				.from(TASKS)
				.where(TASKS.ID.in(taskIds))
				.forEach(
						row -> timelines
							.put(row.value1(),
									new Timeline(
											Map.of("sprint", nullable(row.value2()), "storyPoints",
													nullable(row.value3()), "status", nullable(row.value4())),
											new ArrayList<>())));
			sql.select(TASK_HISTORY.TASK_ID, TASK_HISTORY.AT, TASK_HISTORY.FIELD, TASK_HISTORY.OLD_VALUE,
					TASK_HISTORY.NEW_VALUE)
				.from(TASK_HISTORY)
				.where(TASK_HISTORY.TASK_ID.in(timelines.keySet()))
				.and(TASK_HISTORY.FIELD.in("sprint", "storyPoints", "status"))
				.orderBy(TASK_HISTORY.AT, TASK_HISTORY.ID)
				.forEach(row -> timelines.get(row.value1())
					.changes()
					.add(new Recorded(row.value2(), row.value3(), row.value4(), row.value5())));
		}
		Set<String> done = new java.util.HashSet<>(sql.select(WORKFLOW_STATUSES.KEY)
			.from(WORKFLOW_STATUSES)
			.where(WORKFLOW_STATUSES.PROJECT_ID.eq(project.value()))
			.and(WORKFLOW_STATUSES.CATEGORY.eq(Workflow.Category.DONE.wireName()))
			.fetch(WORKFLOW_STATUSES.KEY));
		return new Replay(timelines.values(), done);
	}

	private static String nullable(@Nullable Object value) {
		return value == null ? "" : value.toString();
	}

	/** One recorded change of a field ("" for no value). */
	record Recorded(Instant at, String field, @Nullable String from, @Nullable String to) {
	}

	/** A task's current values and its recorded changes, oldest first. */
	record Timeline(Map<String, String> current, List<Recorded> changes) {

		/**
		 * The field's value at {@code at}: set by the last change up to then, or, before
		 * the first change, what that change changed from; the current value without any.
		 */
		String at(String field, Instant at) {
			Recorded before = null;
			for (Recorded change : changes) {
				if (!change.field().equals(field)) {
					continue;
				}
				if (change.at().isAfter(at)) {
					return before != null ? value(before.to()) : value(change.from());
				}
				before = change;
			}
			return before != null ? value(before.to()) : current.getOrDefault(field, "");
		}

		private static String value(@Nullable String value) {
			return value == null ? "" : value;
		}

	}

	/** The tasks of a report and the project's done statuses. */
	record Replay(Collection<Timeline> tasks, Set<String> doneStatuses) {

		/** Points of the sprint's tasks not done at {@code at}. */
		int remaining(UUID sprint, Instant at) {
			return sum(sprint, at, false, true);
		}

		/** Points of the sprint's tasks done at {@code at}. */
		int done(UUID sprint, Instant at) {
			return sum(sprint, at, true, false);
		}

		/** Points of all the sprint's tasks at {@code at}. */
		int scope(UUID sprint, Instant at) {
			return sum(sprint, at, true, true);
		}

		private int sum(UUID sprint, Instant at, boolean countDone, boolean countOpen) {
			String id = sprint.toString();
			int points = 0;
			for (Timeline task : tasks) {
				if (!id.equals(task.at("sprint", at))) {
					continue;
				}
				boolean isDone = doneStatuses.contains(task.at("status", at));
				if (isDone ? countDone : countOpen) {
					String value = task.at("storyPoints", at);
					points += value.isEmpty() ? 0 : Integer.parseInt(value);
				}
			}
			return points;
		}

	}

}
