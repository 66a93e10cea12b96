package dev.rampart.work;

import static dev.rampart.db.schema.Tables.COMMENTS;
import static dev.rampart.db.schema.Tables.LABELS;
import static dev.rampart.db.schema.Tables.MILESTONES;
import static dev.rampart.db.schema.Tables.PROJECTS;
import static dev.rampart.db.schema.Tables.SPRINTS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.TASK_LABELS;
import static dev.rampart.db.schema.Tables.WORKFLOW_STATUSES;

import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * An organization's work as its BI projection holds it (dev.rampart.bi): read as the
 * schema owner ({@code ownerSql}), every sealed value opened, nothing the organization's
 * choice leaves out (restricted tasks unless chosen; titles, descriptions, sprint goals
 * and comments only with content). Only the projector calls it, for organizations whose
 * owners opted in.
 */
@Service
public class BiSource {

	/** What an organization chose to project. */
	public record Choice(boolean content, boolean restricted) {
	}

	public record ProjectRow(UUID id, @Nullable String taskKey, String name, @Nullable String description,
			Instant createdAt, @Nullable Instant archivedAt) {
	}

	public record StatusRow(UUID projectId, String key, String name, String category, int position) {
	}

	public record MilestoneRow(UUID id, UUID projectId, String name, @Nullable LocalDate dueDate, String state) {
	}

	public record SprintRow(UUID id, UUID projectId, String name, @Nullable String goal, String state,
			@Nullable LocalDate startDate, @Nullable LocalDate endDate, @Nullable Instant startedAt,
			@Nullable Instant closedAt) {
	}

	public record LabelRow(UUID id, String name, String colour) {
	}

	public record PersonRow(UUID id, String displayName) {
	}

	public record TaskRow(UUID id, UUID projectId, @Nullable String taskKey, @Nullable Integer number, String status,
			String priority, boolean restricted, @Nullable UUID assigneeId, @Nullable UUID milestoneId,
			@Nullable UUID sprintId, @Nullable LocalDate startDate, @Nullable LocalDate dueDate,
			@Nullable Integer estimateMinutes, @Nullable Integer storyPoints, Instant createdAt, Instant updatedAt,
			@Nullable String title, @Nullable String description) {
	}

	public record TaskLabelRow(UUID taskId, UUID labelId) {
	}

	public record CommentRow(UUID id, UUID taskId, @Nullable UUID authorId, Instant createdAt,
			@Nullable Instant editedAt, String body) {
	}

	/**
	 * The organization-wide tables: projects, statuses, milestones, sprints and labels.
	 */
	public record Metadata(List<ProjectRow> projects, List<StatusRow> statuses, List<MilestoneRow> milestones,
			List<SprintRow> sprints, List<LabelRow> labels) {
	}

	/** Tasks with their labels and comments. */
	public record Tasks(List<TaskRow> tasks, List<TaskLabelRow> taskLabels, List<CommentRow> comments) {
	}

	private final FieldCipher cipher;

	private final ProjectKeys keys;

	private final DisplayNames names;

	BiSource(FieldCipher cipher, ProjectKeys keys, DisplayNames names) {
		this.cipher = cipher;
		this.keys = keys;
		this.names = names;
	}

	/** The organization's metadata tables. */
	public Metadata metadata(DSLContext ownerSql, OrgId org, Choice choice) {
		UUID o = org.value();
		List<ProjectRow> projects = ownerSql.selectFrom(PROJECTS)
			.where(PROJECTS.ORG_ID.eq(o))
			.fetch(p -> new ProjectRow(p.getId(), keys.open(org, new ProjectId(p.getId()), p.getTaskKey()),
					cipher.open(org, FieldCipher.Column.PROJECT_NAME, p.getId(), p.getName(),
							Boolean.TRUE.equals(p.getPlain())),
					choice.content() && p.getDescription() != null
							? cipher.open(org, FieldCipher.Column.PROJECT_DESCRIPTION, p.getId(), p.getDescription(),
									Boolean.TRUE.equals(p.getPlain()))
							: null,
					p.getCreatedAt(), p.getArchivedAt()));
		List<StatusRow> statuses = ownerSql.selectFrom(WORKFLOW_STATUSES)
			.where(WORKFLOW_STATUSES.ORG_ID.eq(o))
			.and(WORKFLOW_STATUSES.PROJECT_ID.isNotNull())
			.fetch(s -> new StatusRow(s.getProjectId(), s.getKey(), s.getName(), s.getCategory(), s.getPosition()));
		List<MilestoneRow> milestones = ownerSql.selectFrom(MILESTONES)
			.where(MILESTONES.ORG_ID.eq(o))
			.fetch(m -> new MilestoneRow(m.getId(), m.getProjectId(),
					cipher.open(org, FieldCipher.Column.MILESTONE_NAME, m.getId(), m.getName()), m.getDueDate(),
					m.getState()));
		List<SprintRow> sprints = ownerSql.selectFrom(SPRINTS)
			.where(SPRINTS.ORG_ID.eq(o))
			.fetch(s -> new SprintRow(s.getId(), s.getProjectId(),
					cipher.open(org, FieldCipher.Column.SPRINT_NAME, s.getId(), s.getName()),
					choice.content() && s.getGoal() != null
							? cipher.open(org, FieldCipher.Column.SPRINT_GOAL, s.getId(), s.getGoal()) : null,
					s.getState(), s.getStartDate(), s.getEndDate(), s.getStartedAt(), s.getClosedAt()));
		List<LabelRow> labels = ownerSql.selectFrom(LABELS)
			.where(LABELS.ORG_ID.eq(o))
			.fetch(l -> new LabelRow(l.getId(), cipher.open(org, FieldCipher.Column.LABEL_NAME, l.getId(), l.getName()),
					l.getColour()));
		return new Metadata(projects, statuses, milestones, sprints, labels);
	}

	/** The display names of {@code people} (the assignees and authors the tasks name). */
	public List<PersonRow> people(DSLContext ownerSql, Collection<UUID> people) {
		if (people.isEmpty()) {
			return List.of();
		}
		Map<UserId, String> named = names.of(ownerSql, people.stream().distinct().map(UserId::new).toList());
		List<PersonRow> persons = new ArrayList<>();
		named.forEach((id, name) -> persons.add(new PersonRow(id.value(), name)));
		return persons;
	}

	/** Every projected task of the organization. */
	public Tasks allTasks(DSLContext ownerSql, OrgId org, Choice choice) {
		return tasks(ownerSql, org, choice, DSL.noCondition(), null);
	}

	/**
	 * Those of {@code ids} that are projected now; a task missing from the answer is to
	 * leave the projection (deleted, made restricted, moved elsewhere).
	 */
	public Tasks tasks(DSLContext ownerSql, OrgId org, Choice choice, Collection<TaskId> ids) {
		List<UUID> wanted = ids.stream().map(TaskId::value).distinct().toList();
		return tasks(ownerSql, org, choice, TASKS.ID.in(wanted), wanted);
	}

	private Tasks tasks(DSLContext ownerSql, OrgId org, Choice choice, Condition which, @Nullable List<UUID> ids) {
		if (ids != null && ids.isEmpty()) {
			return new Tasks(List.of(), List.of(), List.of());
		}
		Condition projected = TASKS.ORG_ID.eq(org.value()).and(which);
		if (!choice.restricted()) {
			projected = projected.and(TASKS.VISIBILITY.ne("restricted"));
		}
		Map<UUID, @Nullable String> projectKeys = new HashMap<>();
		List<TaskRow> tasks = ownerSql
			.select(TASKS.ID, TASKS.PROJECT_ID, TASKS.NUMBER, TASKS.STATUS, TASKS.PRIORITY, TASKS.VISIBILITY,
					TASKS.ASSIGNEE_ID, TASKS.MILESTONE_ID, TASKS.SPRINT_ID, TASKS.START_DATE, TASKS.DUE_DATE,
					TASKS.ESTIMATE_MINUTES, TASKS.STORY_POINTS, TASKS.CREATED_AT, TASKS.UPDATED_AT, TASKS.TITLE,
					TASKS.DESCRIPTION, TASKS.PLAIN, PROJECTS.TASK_KEY)
			.from(TASKS)
			.join(PROJECTS)
			.on(PROJECTS.ID.eq(TASKS.PROJECT_ID))
			.where(projected)
			.fetch(t -> {
				UUID id = t.get(TASKS.ID);
				UUID project = t.get(TASKS.PROJECT_ID);
				String projectKey = projectKeys.computeIfAbsent(project,
						p -> keys.open(org, new ProjectId(p), t.get(PROJECTS.TASK_KEY)));
				Integer number = t.get(TASKS.NUMBER);
				boolean plain = Boolean.TRUE.equals(t.get(TASKS.PLAIN));
				byte[] description = t.get(TASKS.DESCRIPTION);
				return new TaskRow(id, project, projectKey == null || number == null ? null : projectKey + "-" + number,
						number, t.get(TASKS.STATUS), t.get(TASKS.PRIORITY),
						"restricted".equals(t.get(TASKS.VISIBILITY)), t.get(TASKS.ASSIGNEE_ID),
						t.get(TASKS.MILESTONE_ID), t.get(TASKS.SPRINT_ID), t.get(TASKS.START_DATE),
						t.get(TASKS.DUE_DATE), t.get(TASKS.ESTIMATE_MINUTES), t.get(TASKS.STORY_POINTS),
						t.get(TASKS.CREATED_AT), t.get(TASKS.UPDATED_AT),
						choice.content()
								? cipher.open(org, FieldCipher.Column.TASK_TITLE, id, t.get(TASKS.TITLE), plain) : null,
						choice.content() && description != null
								? cipher.open(org, FieldCipher.Column.TASK_DESCRIPTION, id, description, plain) : null);
			});
		Set<UUID> found = new HashSet<>();
		tasks.forEach(t -> found.add(t.id()));
		Condition ofFound = ids == null ? DSL.noCondition() : TASK_LABELS.TASK_ID.in(found);
		List<TaskLabelRow> labels = found.isEmpty() ? List.of()
				: ownerSql.select(TASK_LABELS.TASK_ID, TASK_LABELS.LABEL_ID)
					.from(TASK_LABELS)
					.where(TASK_LABELS.ORG_ID.eq(org.value()))
					.and(ofFound)
					.fetch(r -> new TaskLabelRow(r.value1(), r.value2()))
					.stream()
					.filter(r -> found.contains(r.taskId()))
					.toList();
		List<CommentRow> comments = !choice.content() || found.isEmpty() ? List.of() : ownerSql.selectFrom(COMMENTS)
			.where(COMMENTS.ORG_ID.eq(org.value()))
			.and(ids == null ? DSL.noCondition() : COMMENTS.TASK_ID.in(found))
			.fetch(c -> new CommentRow(c.getId(), c.getTaskId(), c.getAuthorId(), c.getCreatedAt(), c.getEditedAt(),
					cipher.open(org, FieldCipher.Column.COMMENT_BODY, c.getId(), c.getBody(),
							Boolean.TRUE.equals(c.getPlain()))))
			.stream()
			.filter(c -> found.contains(c.taskId()))
			.toList();
		return new Tasks(tasks, labels, comments);
	}

}
