package dev.rampart.access;

import static dev.rampart.db.schema.Tables.DECISION_COMMENTS;
import static dev.rampart.db.schema.Tables.DECISION_ORGANIZATIONS;
import static dev.rampart.db.schema.Tables.DECISION_ORG_MEMBERS;
import static dev.rampart.db.schema.Tables.DECISION_PROJECTS;
import static dev.rampart.db.schema.Tables.DECISION_PROJECT_MEMBERS;
import static dev.rampart.db.schema.Tables.DECISION_TASKS;
import static dev.rampart.db.schema.Tables.DECISION_TASK_GRANTS;
import static dev.rampart.db.schema.Tables.PROJECT_ROLES;

import dev.rampart.access.spi.People;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.CommentId;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.Forbidden;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The one access decision point. Every service asks it before every operation, by
 * resource id: one SQL statement, run under the actor's row-level security context, loads
 * the resource's ancestry and attributes together with the actor's organization role,
 * project role and task grant; {@link AccessRules} then decides. A resource the actor may
 * not see is "not found", so other tenants' ids are indistinguishable from ids that do
 * not exist. Control C07 (docs/controls.md).
 * <p>
 * Longer than most classes because it is the one decision point: the resource loading
 * (one statement per kind) and the decision belong together; the rules themselves live in
 * AccessRules and the named policies.
 */
@Service
public class AccessPolicy {

	private final Database db;

	private final People people;

	private final CredentialPolicies credentials;

	private final ApplicationEventPublisher events;

	AccessPolicy(ApplicationEventPublisher events, Database db, People people, CredentialPolicies credentials) {
		this.credentials = credentials;
		this.events = events;
		this.people = people;
		this.db = db;
	}

	/**
	 * Decides whether {@code actor} may do {@code permission} on {@code resource}, and
	 * why.
	 */
	public Decision check(Actor actor, Permission permission, Resource resource) {
		Optional<Subject<Resource>> subject = load(DbContext.user(actor.userId()), actor.userId(), resource.id(),
				kindOf(resource));
		return subject.map(s -> AccessRules.decide(actor.userId(), permission, s.resource(), s.memberships()))
			.orElseGet(() -> new Decision.Denied("not visible to the actor"));
	}

	/**
	 * Allows or throws {@link NotFound} (invisible to the actor) or {@link Forbidden}.
	 */
	public Authorized<Resource.Org> require(Actor actor, Permission permission, OrgId org) {
		return enforce(actor, permission, permission.writes(), Kind.ORG, org.value(), Resource.Org.class);
	}

	public Authorized<Resource.Project> require(Actor actor, Permission permission, ProjectId project) {
		return enforce(actor, permission, permission.writes(), Kind.PROJECT, project.value(), Resource.Project.class);
	}

	public Authorized<Resource.Task> require(Actor actor, Permission permission, TaskId task) {
		return enforce(actor, permission, permission.writes(), Kind.TASK, task.value(), Resource.Task.class);
	}

	public Authorized<Resource.Comment> require(Actor actor, Permission permission, CommentId comment) {
		return enforce(actor, permission, permission.writes(), Kind.COMMENT, comment.value(), Resource.Comment.class);
	}

	/**
	 * {@link #require} for a call that only reads what a managing permission covers (the
	 * invitations of an organization): a read-only credential may make it.
	 */
	public Authorized<Resource.Org> requireToRead(Actor actor, Permission permission, OrgId org) {
		return enforce(actor, permission, false, Kind.ORG, org.value(), Resource.Org.class);
	}

	/**
	 * {@link #require} for reading what a managing permission covers (a task's grants).
	 */
	public Authorized<Resource.Task> requireToRead(Actor actor, Permission permission, TaskId task) {
		return enforce(actor, permission, false, Kind.TASK, task.value(), Resource.Task.class);
	}

	/**
	 * For changes that belong to the actor rather than to a resource they hold a role on
	 * (creating an organization, leaving one, accepting an invitation): the credential
	 * policies alone decide.
	 */
	public void requireMayChange(Actor actor) {
		credentials.requireMayChange(actor);
	}

	/**
	 * Editing a comment: {@code task.comment} on its task, and only its author may (an
	 * owner may delete anyone's comment, but never put words in their mouth).
	 */
	public Authorized<Resource.Comment> requireAuthor(Actor actor, CommentId comment) {
		Authorized<Resource.Comment> allowed = require(actor, Permission.TASK_COMMENT, comment);
		if (!allowed.resource().author().equals(actor.userId())) {
			events.publishEvent(new AccessEvent.AccessDenied("comment.update", Kind.COMMENT.noun,
					comment.value().toString(), allowed.resource().org(), null));
			throw new Forbidden("comment.update (only its author may edit a comment)");
		}
		return allowed;
	}

	/**
	 * Why {@code user} (an email or a user id) may or may not do {@code action} on the
	 * resource with id {@code resourceId} (an organization, project, task or comment).
	 * The caller needs {@code access.explain} in the resource's organization.
	 */
	public Explanation explain(Actor caller, String action, UUID resourceId, String user) {
		Permission permission = Permission.ofAction(action)
			.orElseThrow(() -> new InvalidInput("action", "is not a known action"));
		DbContext callerContext = DbContext.user(caller.userId());
		Subject<Resource> visible = null;
		for (Kind kind : Kind.values()) {
			Optional<Subject<Resource>> found = load(callerContext, caller.userId(), resourceId, kind);
			if (found.isPresent()) {
				visible = found.get();
				break;
			}
		}
		if (visible == null) {
			throw new NotFound("resource");
		}
		require(caller, Permission.ACCESS_EXPLAIN, visible.resource().org());
		List<Permission> applicable = Permission.applicableTo(visible.resource());
		if (!applicable.contains(permission)) {
			throw new InvalidInput("action", permission.action() + " does not apply to "
					+ (visible.resource().kind().startsWith("o") ? "an " : "a ") + visible.resource().kind()
					+ "; the actions that do are "
					+ applicable.stream().map(Permission::action).collect(java.util.stream.Collectors.joining(", ")));
		}
		People.Person target = people.find(caller, user).orElseThrow(() -> new NotFound("user"));
		Subject<Resource> subject = load(callerContext, target.id(), resourceId, kindOf(visible.resource()))
			.orElseThrow(() -> new NotFound("resource"));
		if (user.contains("@") && subject.memberships().orgRole().isEmpty()) {
			// By address only members of the organization: an address is no directory.
			throw new NotFound("user");
		}
		return new Explanation(subject.resource(), target.id(), target.email(), permission,
				AccessRules.decide(target.id(), permission, subject.resource(), subject.memberships()));
	}

	/**
	 * Of {@code candidates}, those who may read {@code task} now, decided as for their
	 * own requests, in one statement under {@code viewer}'s row-level security (a task
	 * the viewer cannot see has no readers to them): whom a change may notify or mention.
	 */
	public Set<UserId> readersAmong(UserId viewer, TaskId task, java.util.Collection<UserId> candidates) {
		if (candidates.isEmpty()) {
			return Set.of();
		}
		UUID[] ids = candidates.stream().map(UserId::value).distinct().toArray(UUID[]::new);
		org.jooq.Table<?> who = DSL.unnest(ids).as("who", "id");
		org.jooq.Field<UUID> whoId = DSL.field(DSL.name("who", "id"), UUID.class);
		return db
			.read(DbContext.user(viewer),
					sql -> withGrant(
							withProjectRole(sql.select(taskFields()).select(whoId).from(DECISION_TASKS).crossJoin(who),
									DECISION_TASKS.ORG_ID, DECISION_TASKS.PROJECT_ID, whoId),
							whoId)
						.where(DECISION_TASKS.ID.eq(task.value()))
						.fetch())
			.stream()
			.filter(r -> AccessRules
				.decide(new UserId(r.get(whoId)), Permission.TASK_READ, task(r), memberships(r, true))
				.allowed())
			.map(r -> new UserId(r.get(whoId)))
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
	}

	/**
	 * The resource a path variable ({@code orgId}, {@code projectId}, {@code taskId},
	 * {@code commentId}) names, if {@code viewer} can see it: the activity log files a
	 * refused or invalid action under that organization. Empty for anything invisible, so
	 * nothing leaks.
	 */
	public Optional<Resource> visibleResource(UserId viewer, String pathVariable, UUID id) {
		Kind kind = switch (pathVariable) {
			case "orgId" -> Kind.ORG;
			case "projectId" -> Kind.PROJECT;
			case "taskId" -> Kind.TASK;
			case "commentId" -> Kind.COMMENT;
			default -> null;
		};
		return kind == null ? Optional.empty() : load(DbContext.user(viewer), viewer, id, kind).map(Subject::resource);
	}

	private <R extends Resource> Authorized<R> enforce(Actor actor, Permission permission, boolean changes, Kind kind,
			UUID id, Class<R> type) {
		if (changes) {
			credentials.requireMayChange(actor);
		}
		Optional<Subject<Resource>> found = load(DbContext.user(actor.userId()), actor.userId(), id, kind);
		if (found.isEmpty()) {
			// Invisible: which organization it belongs to (if it exists) is not the
			// actor's to know.
			denied(permission, kind, id, null, null);
			throw new NotFound(kind.noun);
		}
		Subject<Resource> subject = found.get();
		OrgId org = subject.resource().org();
		if (!credentials.reaches(actor, org)) {
			// An API token for another organization: as if invisible.
			denied(permission, kind, id, null, null);
			throw new NotFound(kind.noun);
		}
		Decision decision = AccessRules.decide(actor.userId(), permission, subject.resource(), subject.memberships());
		if (!decision.allowed()) {
			denied(permission, kind, id, org, null);
			Permission visibility = AccessRules.visibility(subject.resource());
			if (permission == visibility
					|| !AccessRules.decide(actor.userId(), visibility, subject.resource(), subject.memberships())
						.allowed()) {
				throw new NotFound(kind.noun);
			}
			throw new Forbidden(permission.action());
		}
		if (subject.archived() && permission.changesProjectContent()) {
			denied(permission, kind, id, org, "the project is archived");
			throw new Conflict("the project is archived: it is read-only until it is restored");
		}
		if (!credentials.admits(actor, subject.requireMfa())) {
			denied(permission, kind, id, org, OrganizationMfaPolicy.REASON);
			throw new MfaEnrolmentRequired("this organization");
		}
		events.publishEvent(new AccessEvent.AccessGranted(permission.action(), kind.noun, id.toString(), org));
		return new Authorized<>(actor.userId(), type.cast(subject.resource()), subject.memberships(), decision);
	}

	private void denied(Permission permission, Kind kind, UUID id, @Nullable OrgId org, @Nullable String reason) {
		events.publishEvent(new AccessEvent.AccessDenied(permission.action(), kind.noun, id.toString(), org, reason));
	}

	/**
	 * A loaded resource, the memberships that decide on it, whether its organization
	 * requires MFA, and whether its project is archived (read-only).
	 */
	private record Subject<R extends Resource>(R resource, Memberships memberships, boolean requireMfa,
			boolean archived) {

		Subject(R resource, Memberships memberships, boolean requireMfa) {
			this(resource, memberships, requireMfa, false);
		}

	}

	/**
	 * The caller's membership row carries its organization's MFA requirement (V20): no
	 * extra read.
	 */
	private static boolean requireMfa(Record r) {
		return Boolean.TRUE.equals(r.get(DECISION_ORG_MEMBERS.ORG_REQUIRES_MFA));
	}

	private enum Kind {

		ORG("organization"), PROJECT("project"), TASK("task"), COMMENT("comment");

		private final String noun;

		Kind(String noun) {
			this.noun = noun;
		}

	}

	private static Kind kindOf(Resource resource) {
		if (resource instanceof Resource.Org) {
			return Kind.ORG;
		}
		if (resource instanceof Resource.Project) {
			return Kind.PROJECT;
		}
		return resource instanceof Resource.Task ? Kind.TASK : Kind.COMMENT;
	}

	/**
	 * One statement: the resource (visible under {@code context}'s row-level security)
	 * left-joined with what {@code who} holds on it. Work's tables are read through the
	 * views it publishes for this ({@code R__6_work_read_views.sql}), never directly.
	 */
	private Optional<Subject<Resource>> load(DbContext context, UserId who, UUID id, Kind kind) {
		UUID user = who.value();
		return db.read(context, sql -> switch (kind) {
			case ORG ->
				sql.select(DECISION_ORGANIZATIONS.ID, DECISION_ORG_MEMBERS.ROLE, DECISION_ORG_MEMBERS.ORG_REQUIRES_MFA)
					.from(DECISION_ORGANIZATIONS)
					.leftJoin(DECISION_ORG_MEMBERS)
					.on(DECISION_ORG_MEMBERS.ORG_ID.eq(DECISION_ORGANIZATIONS.ID))
					.and(DECISION_ORG_MEMBERS.USER_ID.eq(user))
					.where(DECISION_ORGANIZATIONS.ID.eq(id))
					.fetchOptional(r -> new Subject<Resource>(new Resource.Org(new OrgId(r.value1())),
							memberships(r, false), requireMfa(r)));
			case PROJECT -> withProjectRole(sql
				.select(DECISION_PROJECTS.ORG_ID, DECISION_ORG_MEMBERS.ROLE, PROJECT_ROLES.NAME,
						PROJECT_ROLES.PERMISSIONS, DECISION_ORG_MEMBERS.ORG_REQUIRES_MFA, DECISION_PROJECTS.ARCHIVED_AT)
				.from(DECISION_PROJECTS), DECISION_PROJECTS.ORG_ID, DECISION_PROJECTS.ID, user)
				.where(DECISION_PROJECTS.ID.eq(id))
				.fetchOptional(r -> new Subject<Resource>(
						new Resource.Project(new OrgId(r.get(DECISION_PROJECTS.ORG_ID)), new ProjectId(id)),
						memberships(r, false), requireMfa(r), r.get(DECISION_PROJECTS.ARCHIVED_AT) != null));
			case TASK -> withGrant(withProjectRole(sql.select(taskFields()).from(DECISION_TASKS), DECISION_TASKS.ORG_ID,
					DECISION_TASKS.PROJECT_ID, user), user)
				.where(DECISION_TASKS.ID.eq(id))
				.fetchOptional(r -> new Subject<Resource>(task(r), memberships(r, true), requireMfa(r),
						r.get(DECISION_TASKS.PROJECT_ARCHIVED)));
			case COMMENT -> withGrant(withProjectRole(
					sql.select(taskFields())
						.select(DECISION_COMMENTS.AUTHOR_ID)
						.from(DECISION_COMMENTS)
						.join(DECISION_TASKS)
						.on(DECISION_TASKS.ID.eq(DECISION_COMMENTS.TASK_ID)),
					DECISION_TASKS.ORG_ID, DECISION_TASKS.PROJECT_ID, user), user)
				.where(DECISION_COMMENTS.ID.eq(id))
				.fetchOptional(r -> new Subject<Resource>(
						new Resource.Comment(task(r), new CommentId(id),
								new UserId(r.get(DECISION_COMMENTS.AUTHOR_ID))),
						memberships(r, true), requireMfa(r), r.get(DECISION_TASKS.PROJECT_ARCHIVED)));
		});
	}

	private static org.jooq.SelectField<?>[] taskFields() {
		return new org.jooq.SelectField<?>[] { DECISION_TASKS.ID, DECISION_TASKS.ORG_ID, DECISION_TASKS.PROJECT_ID,
				DECISION_TASKS.VISIBILITY, DECISION_TASKS.CREATED_BY, DECISION_TASKS.ASSIGNEE_ID,
				DECISION_ORG_MEMBERS.ROLE, DECISION_ORG_MEMBERS.ORG_REQUIRES_MFA, PROJECT_ROLES.NAME,
				PROJECT_ROLES.PERMISSIONS, DECISION_TASK_GRANTS.ROLE, DECISION_TASKS.PROJECT_ARCHIVED };
	}

	private static <R extends Record> SelectJoinStep<R> withProjectRole(SelectJoinStep<R> select,
			org.jooq.Field<UUID> orgId, org.jooq.Field<UUID> projectId, UUID user) {
		return withProjectRole(select, orgId, projectId, DSL.val(user));
	}

	private static <R extends Record> SelectJoinStep<R> withProjectRole(SelectJoinStep<R> select,
			org.jooq.Field<UUID> orgId, org.jooq.Field<UUID> projectId, org.jooq.Field<UUID> user) {
		return select.leftJoin(DECISION_ORG_MEMBERS)
			.on(DECISION_ORG_MEMBERS.ORG_ID.eq(orgId))
			.and(DECISION_ORG_MEMBERS.USER_ID.eq(user))
			.leftJoin(DECISION_PROJECT_MEMBERS)
			.on(DECISION_PROJECT_MEMBERS.PROJECT_ID.eq(projectId))
			.and(DECISION_PROJECT_MEMBERS.USER_ID.eq(user))
			.leftJoin(PROJECT_ROLES)
			.on(PROJECT_ROLES.ID.eq(DECISION_PROJECT_MEMBERS.ROLE_ID));
	}

	private static <R extends Record> SelectJoinStep<R> withGrant(SelectJoinStep<R> select, UUID user) {
		return withGrant(select, DSL.val(user));
	}

	private static <R extends Record> SelectJoinStep<R> withGrant(SelectJoinStep<R> select, org.jooq.Field<UUID> user) {
		return select.leftJoin(DECISION_TASK_GRANTS)
			.on(DECISION_TASK_GRANTS.TASK_ID.eq(DECISION_TASKS.ID))
			.and(DECISION_TASK_GRANTS.USER_ID.eq(user))
			.and(DECISION_TASK_GRANTS.EXPIRES_AT.isNull().or(DECISION_TASK_GRANTS.EXPIRES_AT.gt(DSL.currentInstant())));
	}

	private static Resource.Task task(Record r) {
		return new Resource.Task(new OrgId(r.get(DECISION_TASKS.ORG_ID)),
				new ProjectId(r.get(DECISION_TASKS.PROJECT_ID)), new TaskId(r.get(DECISION_TASKS.ID)),
				"restricted".equals(r.get(DECISION_TASKS.VISIBILITY)), new UserId(r.get(DECISION_TASKS.CREATED_BY)),
				Optional.ofNullable(r.get(DECISION_TASKS.ASSIGNEE_ID)).map(UserId::new));
	}

	private static Memberships memberships(Record r, boolean withGrant) {
		Optional<OrgRole> orgRole = Optional.ofNullable(r.get(DECISION_ORG_MEMBERS.ROLE))
			.map(role -> OrgRole.parse("role", role));
		Optional<Memberships.HeldProjectRole> projectRole = Optional.empty();
		if (r.field(PROJECT_ROLES.NAME) != null && r.get(PROJECT_ROLES.NAME) != null) {
			projectRole = Optional.of(new Memberships.HeldProjectRole(r.get(PROJECT_ROLES.NAME),
					permissions(r.get(PROJECT_ROLES.PERMISSIONS))));
		}
		Optional<TaskRole> grant = withGrant
				? Optional.ofNullable(r.get(DECISION_TASK_GRANTS.ROLE)).map(role -> TaskRole.parseGrant("role", role))
				: Optional.empty();
		return new Memberships(orgRole, projectRole, grant);
	}

	/** A stored permission list; actions this version no longer knows grant nothing. */
	static Set<Permission> permissions(String[] actions) {
		Set<Permission> permissions = EnumSet.of(RolePermissions.IMPLIED_BY_ANY_PROJECT_ROLE);
		for (String action : actions) {
			Permission.ofAction(action).ifPresent(permissions::add);
		}
		return permissions;
	}

}
