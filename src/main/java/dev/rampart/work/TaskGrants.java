package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORG_MEMBERS;
import static dev.rampart.db.schema.Tables.PROJECT_MEMBERS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.TASK_GRANTS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.OrgRole;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.access.TaskRole;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.TaskGrantsRecord;
import dev.rampart.identity.AccountDirectory;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import dev.rampart.shared.UserRef;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Grants on single tasks: let a member of the organization (typically a guest) see or
 * work on one task without any role in its project. Managing them needs task.share.
 */
@Service
public class TaskGrants {

	static final int MAX_GRANTS_PER_TASK = 500;

	private final Database db;

	private final AccountDirectory directory;

	private final AccessPolicy access;

	private final Clock clock;

	private final OrgPeople people;

	private final ApplicationEventPublisher events;

	TaskGrants(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock,
			AccountDirectory directory, OrgPeople people) {
		this.events = events;
		this.people = people;
		this.directory = directory;
		this.db = db;
		this.access = access;
		this.clock = clock;
	}

	/** The task's grants, expired ones included (with their expiry), oldest first. */
	public List<TaskGrant> list(Actor actor, TaskId task) {
		access.requireToRead(actor, Permission.TASK_SHARE, task);
		return db.read(DbContext.user(actor.userId()),
				sql -> named(sql,
						sql.selectFrom(TASK_GRANTS)
							.where(TASK_GRANTS.TASK_ID.eq(task.value()))
							.orderBy(TASK_GRANTS.CREATED_AT, TASK_GRANTS.ID)
							.fetch()));
	}

	/**
	 * Grants {@code role} on the task to the organization member with this exact email.
	 */
	/**
	 * A grant meant to last longer than this is a grant without expiry, or a typo in the
	 * year.
	 */
	static final long MAX_GRANT_DAYS = 10 * 365;

	public TaskGrant create(Actor actor, TaskId task, UserRef grantee, String role, Optional<Instant> expiresAt) {
		TaskRole grantRole = TaskRole.parseGrant("role", role);
		Instant now = Clocks.now(clock);
		if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
			throw new InvalidInput("expiresAt", "must be in the future");
		}
		if (expiresAt.isPresent() && expiresAt.get().isAfter(now.plus(java.time.Duration.ofDays(MAX_GRANT_DAYS)))) {
			throw new InvalidInput("expiresAt",
					"must be within " + MAX_GRANT_DAYS / 365 + " years; leave it out for a grant that does not expire");
		}
		Resource.Task resource = access.require(actor, Permission.TASK_SHARE, task).resource();
		UUID id = UUID.randomUUID();
		return db.write(DbContext.user(actor.userId()), sql -> {
			UUID user = people.member(sql, resource.org(), grantee).value();
			if (sql.fetchCount(TASK_GRANTS, TASK_GRANTS.TASK_ID.eq(task.value())) >= MAX_GRANTS_PER_TASK) {
				throw new Conflict("the task already has " + MAX_GRANTS_PER_TASK + " grants");
			}
			int inserted = sql.insertInto(TASK_GRANTS)
				.set(TASK_GRANTS.ID, id)
				.set(TASK_GRANTS.ORG_ID, resource.org().value())
				.set(TASK_GRANTS.PROJECT_ID, resource.project().value())
				.set(TASK_GRANTS.TASK_ID, task.value())
				.set(TASK_GRANTS.USER_ID, user)
				.set(TASK_GRANTS.ROLE, grantRole.wireName())
				.set(TASK_GRANTS.EXPIRES_AT, expiresAt.orElse(null))
				.set(TASK_GRANTS.CREATED_BY, actor.userId().value())
				.set(TASK_GRANTS.CREATED_AT, now)
				.onConflictDoNothing()
				.execute();
			if (inserted == 0) {
				throw new Conflict("the user already has a grant on this task; revoke it first");
			}
			events.publishEvent(new WorkEvent.TaskGranted(resource.org(), task, id, new UserId(user)));
			return named(sql, sql.selectFrom(TASK_GRANTS).where(TASK_GRANTS.ID.eq(id)).fetch()).get(0);
		});
	}

	/**
	 * Revokes a grant; if the grantee was assigned the task and has no other way in,
	 * unassigns them.
	 */
	public void revoke(Actor actor, TaskId task, UUID grant) {
		Resource.Task resource = access.require(actor, Permission.TASK_SHARE, task).resource();
		db.write(DbContext.user(actor.userId()), sql -> {
			UUID grantee = sql.deleteFrom(TASK_GRANTS)
				.where(TASK_GRANTS.ID.eq(grant))
				.and(TASK_GRANTS.TASK_ID.eq(task.value()))
				.returningResult(TASK_GRANTS.USER_ID)
				.fetchOptional(TASK_GRANTS.USER_ID)
				.orElseThrow(() -> new NotFound("grant"));
			return unassignWhereNoLongerAllowed(sql, actor.userId(), resource.org(), Optional.of(resource.project()),
					new UserId(grantee));
		});
	}

	/**
	 * Unassigns {@code user} from the organization's (or one project's) tasks they may no
	 * longer work on: not an owner or admin, no project role, no live grant. Run in the
	 * transaction that took their access away, so an assignment never outlives the access
	 * it relied on.
	 */
	static int unassignWhereNoLongerAllowed(DSLContext sql, UserId actor, OrgId org, Optional<ProjectId> project,
			UserId user) {
		Condition scope = TASKS.ORG_ID.eq(org.value()).and(TASKS.ASSIGNEE_ID.eq(user.value()));
		if (project.isPresent()) {
			scope = scope.and(TASKS.PROJECT_ID.eq(project.get().value()));
		}
		return sql.update(TASKS)
			.setNull(TASKS.ASSIGNEE_ID)
			.set(TASKS.VERSION, TASKS.VERSION.plus(1))
			.set(TASKS.UPDATED_BY, actor.value())
			.set(TASKS.UPDATED_AT, DSL.currentInstant())
			.where(scope)
			.andNotExists(DSL.selectOne()
				.from(ORG_MEMBERS)
				.where(ORG_MEMBERS.ORG_ID.eq(TASKS.ORG_ID))
				.and(ORG_MEMBERS.USER_ID.eq(user.value()))
				.and(ORG_MEMBERS.ROLE.in(OrgRole.OWNER.wireName(), OrgRole.ADMIN.wireName())))
			.andNotExists(DSL.selectOne()
				.from(PROJECT_MEMBERS)
				.where(PROJECT_MEMBERS.PROJECT_ID.eq(TASKS.PROJECT_ID))
				.and(PROJECT_MEMBERS.USER_ID.eq(user.value())))
			.andNotExists(DSL.selectOne()
				.from(TASK_GRANTS)
				.where(TASK_GRANTS.TASK_ID.eq(TASKS.ID))
				.and(TASK_GRANTS.USER_ID.eq(user.value()))
				.and(TASK_GRANTS.EXPIRES_AT.isNull().or(TASK_GRANTS.EXPIRES_AT.gt(DSL.currentInstant()))))
			.execute();
	}

	/**
	 * The grants with their grantees' addresses and names from identity's directory (one
	 * statement); a grantee the reader may not see is left out.
	 */
	private List<TaskGrant> named(DSLContext sql, List<TaskGrantsRecord> rows) {
		var contacts = directory.contacts(sql, rows.stream().map(r -> new UserId(r.getUserId())).toList());
		return rows.stream().filter(r -> contacts.containsKey(new UserId(r.getUserId()))).map(r -> {
			var contact = contacts.get(new UserId(r.getUserId()));
			return new TaskGrant(r.getId(), new TaskId(r.getTaskId()), contact.id(), contact.email(),
					contact.displayName(), TaskRole.parseGrant("role", r.getRole()),
					Optional.ofNullable(r.getExpiresAt()), new UserId(r.getCreatedBy()), r.getCreatedAt());
		}).toList();
	}

}
