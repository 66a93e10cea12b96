package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORG_MEMBERS;
import static dev.rampart.db.schema.Tables.PROJECT_MEMBERS;
import static dev.rampart.db.schema.Tables.TASKS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.OrgRole;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.TasksRecord;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
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
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/** Tasks of a project. */
@Service
public class Tasks {

	static final int TITLE_MAX = 500;

	static final int DESCRIPTION_MAX = 50_000;

	private static final String TASK = "task";

	private static final LocalDate EARLIEST_DUE = LocalDate.of(1900, 1, 1);

	private static final LocalDate LATEST_DUE = LocalDate.of(9999, 12, 31);

	private final Database db;

	private final AccessPolicy access;

	private final Projects projects;

	private final Clock clock;

	Tasks(Database db, AccessPolicy access, Projects projects, Clock clock) {
		this.db = db;
		this.access = access;
		this.projects = projects;
		this.clock = clock;
	}

	/** Newest first, one page at a time. */
	public Page<Task> list(Actor actor, ProjectId project, TaskFilter filter, PageRequest page) {
		Resource.Project resource = projects.resourceOf(actor, project);
		access.require(actor, Permission.TASK_READ, resource, Projects.PROJECT);
		Condition condition = TASKS.PROJECT_ID.eq(project.value()).and(TASKS.ORG_ID.eq(resource.org().value()));
		if (filter.status().isPresent()) {
			condition = condition.and(TASKS.STATUS.eq(filter.status().get().wireName()));
		}
		if (filter.assignee().isPresent()) {
			condition = condition.and(TASKS.ASSIGNEE_ID.eq(filter.assignee().get().value()));
		}
		if (page.after().isPresent()) {
			PageRequest.Position after = page.after().get();
			condition = condition.and(DSL.row(TASKS.CREATED_AT, TASKS.ID).lt(after.createdAt(), after.id()));
		}
		Condition where = condition;
		List<Task> rows = db.read(DbContext.user(actor.userId()), sql -> sql.selectFrom(TASKS)
			.where(where)
			.orderBy(TASKS.CREATED_AT.desc(), TASKS.ID.desc())
			.limit(page.limit() + 1)
			.fetch(Tasks::toTask));
		return Page.of(rows, page.limit(), last -> new PageRequest.Position(last.createdAt(), last.id().value()));
	}

	public Task create(Actor actor, ProjectId project, NewTask task) {
		String title = TextFields.name("title", task.title(), TITLE_MAX);
		String description = TextFields.text("description", task.description(), DESCRIPTION_MAX);
		task.dueDate().ifPresent(Tasks::requireSensibleDueDate);
		Resource.Project resource = projects.resourceOf(actor, project);
		access.require(actor, Permission.TASK_CREATE, resource, Projects.PROJECT);
		TaskId id = TaskId.random();
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()), sql -> {
			if (task.assignee().isPresent()) {
				requireAssignable(sql, resource, task.assignee().get());
			}
			return sql.insertInto(TASKS)
				.set(TASKS.ID, id.value())
				.set(TASKS.ORG_ID, resource.org().value())
				.set(TASKS.PROJECT_ID, project.value())
				.set(TASKS.TITLE, title)
				.set(TASKS.DESCRIPTION, description)
				.set(TASKS.STATUS, task.status().wireName())
				.set(TASKS.PRIORITY, task.priority().wireName())
				.set(TASKS.ASSIGNEE_ID, task.assignee().map(UserId::value).orElse(null))
				.set(TASKS.DUE_DATE, task.dueDate().orElse(null))
				.set(TASKS.CREATED_BY, actor.userId().value())
				.set(TASKS.CREATED_AT, now)
				.set(TASKS.UPDATED_BY, actor.userId().value())
				.set(TASKS.UPDATED_AT, now)
				.set(TASKS.VERSION, 1)
				.execute();
		});
		return new Task(id, resource.org(), project, title, description, task.status(), task.priority(),
				task.assignee(), task.dueDate(), actor.userId(), now, actor.userId(), now, 1);
	}

	public Task get(Actor actor, TaskId task) {
		Resource.Project resource = resourceOf(actor, task);
		access.require(actor, Permission.TASK_READ, resource, TASK);
		return load(actor, task);
	}

	/**
	 * Applies {@code changes} if the stored version is still {@code expectedVersion}; otherwise
	 * {@link StaleVersion} and nothing changes.
	 */
	public Task update(Actor actor, TaskId task, int expectedVersion, TaskChanges changes) {
		Resource.Project resource = resourceOf(actor, task);
		access.require(actor, Permission.TASK_UPDATE, resource, TASK);
		Instant now = Clocks.now(clock);
		int updated = db.write(DbContext.user(actor.userId()), sql -> {
			if (changes.assignee().present() && changes.assignee().value() != null) {
				requireAssignable(sql, resource, changes.assignee().value());
			}
			return applyChanges(sql.update(TASKS).set(TASKS.VERSION, TASKS.VERSION.plus(1))
				.set(TASKS.UPDATED_BY, actor.userId().value())
				.set(TASKS.UPDATED_AT, now), changes)
				.where(TASKS.ID.eq(task.value()))
				.and(TASKS.PROJECT_ID.eq(resource.project().value()))
				.and(TASKS.VERSION.eq(expectedVersion))
				.execute();
		});
		Task current = load(actor, task);
		if (updated == 0) {
			throw new StaleVersion(current.version());
		}
		return current;
	}

	public void delete(Actor actor, TaskId task) {
		Resource.Project resource = resourceOf(actor, task);
		access.require(actor, Permission.TASK_DELETE, resource, TASK);
		db.write(DbContext.user(actor.userId()), sql -> sql.deleteFrom(TASKS)
			.where(TASKS.ID.eq(task.value())).and(TASKS.PROJECT_ID.eq(resource.project().value())).execute());
	}

	/** The task's place in its tenant, read under row-level security. */
	Resource.Project resourceOf(Actor actor, TaskId task) {
		return db.read(DbContext.user(actor.userId()), sql -> sql.select(TASKS.ORG_ID, TASKS.PROJECT_ID)
			.from(TASKS)
			.where(TASKS.ID.eq(task.value()))
			.fetchOptional(r -> new Resource.Project(new OrgId(r.value1()), new ProjectId(r.value2()))))
			.orElseThrow(() -> new NotFound(TASK));
	}

	private Task load(Actor actor, TaskId task) {
		return db.read(DbContext.user(actor.userId()), sql -> sql.selectFrom(TASKS)
			.where(TASKS.ID.eq(task.value()))
			.fetchOptional(Tasks::toTask))
			.orElseThrow(() -> new NotFound(TASK));
	}

	private static UpdateSetMoreStep<TasksRecord> applyChanges(UpdateSetMoreStep<TasksRecord> update,
			TaskChanges changes) {
		if (changes.title().present()) {
			update = update.set(TASKS.TITLE, TextFields.name("title", Projects.require("title", changes.title().value()), TITLE_MAX));
		}
		if (changes.description().present()) {
			update = update.set(TASKS.DESCRIPTION, TextFields.text("description",
					Projects.require("description", changes.description().value()), DESCRIPTION_MAX));
		}
		if (changes.status().present()) {
			update = update.set(TASKS.STATUS, Projects.require("status", changes.status().value()).wireName());
		}
		if (changes.priority().present()) {
			update = update.set(TASKS.PRIORITY, Projects.require("priority", changes.priority().value()).wireName());
		}
		if (changes.assignee().present()) {
			UserId assignee = changes.assignee().value();
			update = update.set(TASKS.ASSIGNEE_ID, assignee == null ? null : assignee.value());
		}
		if (changes.dueDate().present()) {
			LocalDate due = changes.dueDate().value();
			if (due != null) {
				requireSensibleDueDate(due);
			}
			update = update.set(TASKS.DUE_DATE, due);
		}
		return update;
	}

	/** An assignee must be able to see the project: an owner or admin of its organization, or a project member. */
	private static void requireAssignable(DSLContext sql, Resource.Project resource, UserId assignee) {
		boolean assignable = sql.fetchExists(DSL.selectOne().from(ORG_MEMBERS)
			.where(ORG_MEMBERS.ORG_ID.eq(resource.org().value()))
			.and(ORG_MEMBERS.USER_ID.eq(assignee.value()))
			.and(ORG_MEMBERS.ROLE.in(OrgRole.OWNER.wireName(), OrgRole.ADMIN.wireName())
				.or(DSL.exists(DSL.selectOne().from(PROJECT_MEMBERS)
					.where(PROJECT_MEMBERS.PROJECT_ID.eq(resource.project().value()))
					.and(PROJECT_MEMBERS.USER_ID.eq(assignee.value()))))));
		if (!assignable) {
			throw new InvalidInput("assigneeId", "must be a member of the project");
		}
	}

	private static void requireSensibleDueDate(LocalDate due) {
		if (due.isBefore(EARLIEST_DUE) || due.isAfter(LATEST_DUE)) {
			throw new InvalidInput("dueDate", "must be between 1900-01-01 and 9999-12-31");
		}
	}

	static Task toTask(TasksRecord r) {
		return new Task(new TaskId(r.getId()), new OrgId(r.getOrgId()), new ProjectId(r.getProjectId()), r.getTitle(),
				r.getDescription(), TaskStatus.parse("status", r.getStatus()),
				TaskPriority.parse("priority", r.getPriority()), Optional.ofNullable(r.getAssigneeId()).map(UserId::new),
				Optional.ofNullable(r.getDueDate()), new UserId(r.getCreatedBy()), r.getCreatedAt(),
				new UserId(r.getUpdatedBy()), r.getUpdatedAt(), r.getVersion());
	}

}
