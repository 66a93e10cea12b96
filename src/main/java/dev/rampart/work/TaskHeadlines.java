package dev.rampart.work;

import static dev.rampart.db.schema.Tables.PROJECTS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.WORKFLOW_STATUSES;

import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/**
 * What other features show of a task they point at (a notification, a search hit): its
 * key, title, status and people, read in the caller's transaction, so row-level security
 * leaves out every task its reader may not see. The caller has decided access to its own
 * rows already; this adds nothing the reader could not read on the task's page.
 */
@Service
public class TaskHeadlines {

	/** A task as another feature names it. */
	public record Headline(TaskId id, OrgId org, ProjectId project, Optional<String> key, String title, String status,
			String statusName, boolean done, Optional<UserId> assignee, UserId createdBy, Optional<LocalDate> dueDate) {
	}

	private final FieldCipher cipher;

	private final ProjectKeys keys;

	TaskHeadlines(FieldCipher cipher, ProjectKeys keys) {
		this.cipher = cipher;
		this.keys = keys;
	}

	/** The headlines of those of {@code tasks} that {@code sql}'s reader may see. */
	public Map<TaskId, Headline> of(DSLContext sql, Collection<TaskId> tasks) {
		if (tasks.isEmpty()) {
			return Map.of();
		}
		List<UUID> ids = tasks.stream().map(TaskId::value).distinct().toList();
		Map<ProjectId, Optional<String>> projectKeys = new HashMap<>();
		Map<TaskId, Headline> found = new HashMap<>();
		sql.select(TASKS.ID, TASKS.ORG_ID, TASKS.PROJECT_ID, TASKS.NUMBER, TASKS.TITLE, TASKS.PLAIN, TASKS.STATUS,
				TASKS.ASSIGNEE_ID, TASKS.CREATED_BY, TASKS.DUE_DATE, PROJECTS.TASK_KEY, WORKFLOW_STATUSES.NAME,
				WORKFLOW_STATUSES.CATEGORY)
			.from(TASKS)
			// A guest holding a grant on the task may not see its project: no key then.
			.leftJoin(PROJECTS)
			.on(PROJECTS.ID.eq(TASKS.PROJECT_ID))
			.leftJoin(WORKFLOW_STATUSES)
			.on(WORKFLOW_STATUSES.PROJECT_ID.eq(TASKS.PROJECT_ID))
			.and(WORKFLOW_STATUSES.KEY.eq(TASKS.STATUS))
			.where(TASKS.ID.in(ids))
			.forEach(r -> {
				OrgId org = new OrgId(r.get(TASKS.ORG_ID));
				ProjectId project = new ProjectId(r.get(TASKS.PROJECT_ID));
				Optional<String> projectKey = projectKeys.computeIfAbsent(project,
						p -> Optional.ofNullable(keys.open(org, p, r.get(PROJECTS.TASK_KEY))));
				TaskId id = new TaskId(r.get(TASKS.ID));
				String status = r.get(TASKS.STATUS);
				found.put(id,
						new Headline(id, org, project, projectKey.map(k -> k + "-" + r.get(TASKS.NUMBER)),
								cipher.open(org, FieldCipher.Column.TASK_TITLE, id.value(), r.get(TASKS.TITLE),
										r.get(TASKS.PLAIN)),
								status, Optional.ofNullable(r.get(WORKFLOW_STATUSES.NAME)).orElse(status),
								"done".equals(r.get(WORKFLOW_STATUSES.CATEGORY)),
								Optional.ofNullable(r.get(TASKS.ASSIGNEE_ID)).map(UserId::new),
								new UserId(r.get(TASKS.CREATED_BY)), Optional.ofNullable(r.get(TASKS.DUE_DATE))));
			});
		return found;
	}

	/** An unfinished task with a due date, and its assignee. */
	public record Due(TaskId task, OrgId org, ProjectId project, LocalDate dueDate, Optional<UserId> assignee) {
	}

	/**
	 * The unfinished tasks due from {@code from} to {@code to}, read as the schema owner
	 * ({@code ownerSql}) for the due-date reminders, at most {@code limit}.
	 */
	public List<Due> unfinishedDue(DSLContext ownerSql, LocalDate from, LocalDate to, int limit) {
		return ownerSql.select(TASKS.ID, TASKS.ORG_ID, TASKS.PROJECT_ID, TASKS.DUE_DATE, TASKS.ASSIGNEE_ID)
			.from(TASKS)
			.where(TASKS.DUE_DATE.between(from, to))
			.andNotExists(DSL.selectOne()
				.from(WORKFLOW_STATUSES)
				.where(WORKFLOW_STATUSES.PROJECT_ID.eq(TASKS.PROJECT_ID))
				.and(WORKFLOW_STATUSES.KEY.eq(TASKS.STATUS))
				.and(WORKFLOW_STATUSES.CATEGORY.eq("done")))
			.orderBy(TASKS.DUE_DATE, TASKS.ID)
			.limit(limit)
			.fetch(r -> new Due(new TaskId(r.value1()), new OrgId(r.value2()), new ProjectId(r.value3()), r.value4(),
					Optional.ofNullable(r.value5()).map(UserId::new)));
	}

}
