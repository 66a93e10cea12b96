package dev.rampart.work;

import static dev.rampart.db.schema.Tables.SPRINTS;
import static dev.rampart.db.schema.Tables.TASK_HISTORY;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.TaskHistoryRecord;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Who changed which field of a task from what to what, newest first. The plain fields are
 * recorded by the database on every update (a trigger); the sealed ones (title,
 * description) and the labels by {@link Tasks} through {@link #recordText} and
 * {@link #recordLabels}. Readable by whoever may read the task, in the service and by
 * row-level security; the names in it are resolved as the reader may see them.
 */
@Service
public class TaskHistory {

	private final Database db;

	private final AccessPolicy access;

	private final FieldCipher cipher;

	private final DisplayNames names;

	private final Workflows workflows;

	private final Milestones milestones;

	private final Labels labels;

	TaskHistory(Database db, AccessPolicy access, FieldCipher cipher, DisplayNames names, Workflows workflows,
			Milestones milestones, Labels labels) {
		this.db = db;
		this.access = access;
		this.cipher = cipher;
		this.names = names;
		this.workflows = workflows;
		this.milestones = milestones;
		this.labels = labels;
	}

	public Page<TaskHistoryEntry> of(Actor actor, TaskId task, PageRequest page) {
		Resource.Task resource = access.require(actor, Permission.TASK_READ, task).resource();
		return db.read(DbContext.user(actor.userId()), sql -> {
			Condition condition = TASK_HISTORY.TASK_ID.eq(task.value())
				.and(TASK_HISTORY.PROJECT_ID.eq(resource.project().value()));
			if (page.after().isPresent()) {
				condition = condition.and(DSL.row(TASK_HISTORY.AT, TASK_HISTORY.ID)
					.lt(page.after().get().createdAt(), page.after().get().id()));
			}
			List<TaskHistoryRecord> rows = sql.selectFrom(TASK_HISTORY)
				.where(condition)
				.orderBy(TASK_HISTORY.AT.desc(), TASK_HISTORY.ID.desc())
				.limit(page.limit() + 1)
				.fetch();
			Labelling labelling = labelling(sql, actor, resource, rows);
			List<TaskHistoryEntry> entries = rows.stream().map(row -> entry(resource.org(), row, labelling)).toList();
			return Page.of(entries, page.limit(), last -> new PageRequest.Position(last.at(), last.id()));
		});
	}

	/**
	 * A sealed field changed (title or description): both values sealed again, bound to
	 * the history row. Nothing is recorded when the text stays the same.
	 */
	void recordText(DSLContext sql, Actor actor, Resource.Task task, String field, String before, String after,
			Instant at) {
		if (before.equals(after)) {
			return;
		}
		UUID id = UUID.randomUUID();
		TaskHistoryRecord row = newRow(actor, task, field, at, id);
		row.setOldSealed(cipher.seal(task.org(), FieldCipher.Column.TASK_HISTORY_OLD, id, before));
		row.setNewSealed(cipher.seal(task.org(), FieldCipher.Column.TASK_HISTORY_NEW, id, after));
		sql.insertInto(TASK_HISTORY).set(row).execute();
	}

	/** Labels put on and taken off, one row each. */
	void recordLabels(DSLContext sql, Actor actor, Resource.Task task, Collection<UUID> removed, Collection<UUID> added,
			Instant at) {
		for (UUID label : removed) {
			TaskHistoryRecord row = newRow(actor, task, "labels", at, UUID.randomUUID());
			row.setOldValue(label.toString());
			sql.insertInto(TASK_HISTORY).set(row).execute();
		}
		for (UUID label : added) {
			TaskHistoryRecord row = newRow(actor, task, "labels", at, UUID.randomUUID());
			row.setNewValue(label.toString());
			sql.insertInto(TASK_HISTORY).set(row).execute();
		}
	}

	private static TaskHistoryRecord newRow(Actor actor, Resource.Task task, String field, Instant at, UUID id) {
		TaskHistoryRecord row = new TaskHistoryRecord();
		row.setId(id);
		row.setOrgId(task.org().value());
		row.setProjectId(task.project().value());
		row.setTaskId(task.task().value());
		row.setAt(at);
		row.setActorId(actor.userId().value());
		row.setField(field);
		return row;
	}

	/**
	 * What the values of a page name, as the reader may see it: people (row-level
	 * security on identity's view leaves out whom they may not see), milestones, labels,
	 * the project's statuses.
	 */
	private record Labelling(Map<UserId, String> people, Map<UUID, String> milestones, Map<UUID, String> labels,
			Map<String, String> statuses, Map<UUID, String> sprints) {
	}

	private Labelling labelling(DSLContext sql, Actor actor, Resource.Task task, List<TaskHistoryRecord> rows) {
		Set<UserId> people = rows.stream()
			.flatMap(row -> Stream.concat(Stream.ofNullable(row.getActorId()),
					"assignee".equals(row.getField()) ? values(row) : Stream.empty()))
			.map(UserId::new)
			.collect(Collectors.toSet());
		Set<UUID> milestoneIds = ids(rows, "milestone");
		Set<UUID> labelIds = ids(rows, "labels");
		Map<UUID, String> sprintNames = new HashMap<>();
		Set<UUID> sprintIds = ids(rows, "sprint");
		if (!sprintIds.isEmpty()) {
			// Read here, not through Sprints (which plans tasks through Tasks, which
			// records
			// here): the names of the sprints the reader may see, by row-level security.
			sql.select(SPRINTS.ID, SPRINTS.NAME)
				.from(SPRINTS)
				.where(SPRINTS.ID.in(sprintIds))
				.forEach(row -> sprintNames.put(row.value1(),
						cipher.open(task.org(), FieldCipher.Column.SPRINT_NAME, row.value1(), row.value2())));
		}
		Map<String, String> statuses = new HashMap<>();
		if (rows.stream().anyMatch(row -> "status".equals(row.getField()))) {
			workflows.ofProject(actor, task.project())
				.statuses()
				.forEach(status -> statuses.put(status.key(), status.name()));
		}
		return new Labelling(people.isEmpty() ? Map.of() : names.of(sql, people),
				milestones.byIds(actor, milestoneIds)
					.values()
					.stream()
					.collect(Collectors.toMap(Milestone::id, Milestone::name)),
				labels.byIds(actor, labelIds).values().stream().collect(Collectors.toMap(Label::id, Label::name)),
				statuses, sprintNames);
	}

	private static Set<UUID> ids(List<TaskHistoryRecord> rows, String field) {
		return rows.stream()
			.filter(row -> field.equals(row.getField()))
			.flatMap(TaskHistory::values)
			.collect(Collectors.toSet());
	}

	private static Stream<UUID> values(TaskHistoryRecord row) {
		return Stream.of(row.getOldValue(), row.getNewValue()).filter(java.util.Objects::nonNull).map(UUID::fromString);
	}

	private TaskHistoryEntry entry(OrgId org, TaskHistoryRecord row, Labelling labelling) {
		Optional<UserId> actor = Optional.ofNullable(row.getActorId()).map(UserId::new);
		Optional<TaskHistoryEntry.Value> from;
		Optional<TaskHistoryEntry.Value> to;
		if (row.getNewSealed() != null) {
			from = Optional.of(new TaskHistoryEntry.Value(
					cipher.open(org, FieldCipher.Column.TASK_HISTORY_OLD, row.getId(), row.getOldSealed()),
					Optional.empty()));
			to = Optional.of(new TaskHistoryEntry.Value(
					cipher.open(org, FieldCipher.Column.TASK_HISTORY_NEW, row.getId(), row.getNewSealed()),
					Optional.empty()));
		}
		else {
			from = value(row.getField(), row.getOldValue(), labelling);
			to = value(row.getField(), row.getNewValue(), labelling);
		}
		return new TaskHistoryEntry(row.getId(), row.getAt(), actor, actor.map(labelling.people()::get), row.getField(),
				from, to);
	}

	private static Optional<TaskHistoryEntry.Value> value(String field, @Nullable String value, Labelling labelling) {
		if (value == null) {
			return Optional.empty();
		}
		Optional<String> label = switch (field) {
			case "status" -> Optional.ofNullable(labelling.statuses().get(value));
			case "assignee" -> Optional.ofNullable(labelling.people().get(new UserId(UUID.fromString(value))));
			case "milestone" -> Optional.ofNullable(labelling.milestones().get(UUID.fromString(value)));
			case "labels" -> Optional.ofNullable(labelling.labels().get(UUID.fromString(value)));
			case "sprint" -> Optional.ofNullable(labelling.sprints().get(UUID.fromString(value)));
			default -> Optional.empty();
		};
		return Optional.of(new TaskHistoryEntry.Value(value, label));
	}

}
