package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORGANIZATIONS;
import static dev.rampart.db.schema.Tables.ORG_MEMBERS;
import static dev.rampart.db.schema.Tables.PROJECT_MEMBERS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.TASK_GRANTS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.CredentialPolicies;
import dev.rampart.access.OrgRole;
import dev.rampart.access.Permission;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.identity.AccountDirectory;
import dev.rampart.identity.Accounts;
import dev.rampart.identity.IdentitySettings;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import dev.rampart.shared.UserRef;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record7;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Organizations and their memberships.
 * <p>
 * Longer than most classes because an organization and its membership are one aggregate:
 * the last-owner and role-assignment rules need both in the same transaction.
 */
@Service
public class Organizations {

	public static final int NAME_MAX = 200;

	private static final String ORG = "organization";

	private static final String MEMBER = "member";

	private final Database db;

	private final AccountDirectory directory;

	private final FieldCipher cipher;

	private final StepUpPolicy stepUp;

	private final IdentitySettings identity;

	private final AccessPolicy access;

	private final Accounts accounts;

	private final MembershipRules rules;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final CredentialPolicies credentials;

	Organizations(CredentialPolicies credentials, Database db, AccessPolicy access, Accounts accounts,
			MembershipRules rules, Clock clock, ApplicationEventPublisher events, AccountDirectory directory,
			FieldCipher cipher, StepUpPolicy stepUp, IdentitySettings identity) {
		this.credentials = credentials;
		this.stepUp = stepUp;
		this.identity = identity;
		this.directory = directory;
		this.cipher = cipher;
		this.events = events;
		this.db = db;
		this.access = access;
		this.accounts = accounts;
		this.rules = rules;
		this.clock = clock;
	}

	/** The organizations the actor belongs to. */
	public List<Organization> list(Actor actor) {
		org.jooq.Condition scope = credentials.listScope(actor)
			.onlyOrganization()
			.map(only -> ORGANIZATIONS.ID.eq(only.value()))
			.orElse(DSL.trueCondition());
		return db.read(DbContext.user(actor.userId()),
				sql -> selectOrganizations(sql, actor).and(scope)
					.orderBy(ORGANIZATIONS.CREATED_AT, ORGANIZATIONS.ID)
					.fetch(this::toOrganization));
	}

	/** Any signed-in user may create an organization and becomes its owner. */
	public Organization create(Actor actor, String name) {
		access.requireMayChange(actor);
		String validName = TextFields.name("name", name, NAME_MAX);
		OrgId id = OrgId.random();
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()), sql -> {
			sql.insertInto(ORGANIZATIONS)
				.set(ORGANIZATIONS.ID, id.value())
				.set(ORGANIZATIONS.NAME, cipher.seal(id, FieldCipher.Column.ORG_NAME, id.value(), validName))
				.set(ORGANIZATIONS.CREATED_BY, actor.userId().value())
				.set(ORGANIZATIONS.CREATED_AT, now)
				.set(ORGANIZATIONS.UPDATED_AT, now)
				.execute();
			events.publishEvent(new WorkEvent.OrganizationCreated(id));
			return sql.insertInto(ORG_MEMBERS)
				.set(ORG_MEMBERS.ORG_ID, id.value())
				.set(ORG_MEMBERS.USER_ID, actor.userId().value())
				.set(ORG_MEMBERS.ROLE, OrgRole.OWNER.wireName())
				.set(ORG_MEMBERS.CREATED_AT, now)
				.execute();
		});
		return new Organization(id, validName, OrgRole.OWNER, now, now, false);
	}

	public Organization get(Actor actor, OrgId org) {
		access.require(actor, Permission.ORG_READ, org);
		return db
			.read(DbContext.user(actor.userId()),
					sql -> selectOrganizations(sql, actor).and(ORGANIZATIONS.ID.eq(org.value()))
						.fetchOptional(this::toOrganization))
			.orElseThrow(() -> new NotFound(ORG));
	}

	public Organization rename(Actor actor, OrgId org, String name) {
		String validName = TextFields.name("name", name, NAME_MAX);
		access.require(actor, Permission.ORG_UPDATE, org);
		db.write(DbContext.user(actor.userId()),
				sql -> sql.update(ORGANIZATIONS)
					.set(ORGANIZATIONS.NAME, cipher.seal(org, FieldCipher.Column.ORG_NAME, org.value(), validName))
					.set(ORGANIZATIONS.PLAIN, false)
					.set(ORGANIZATIONS.UPDATED_AT, Clocks.now(clock))
					.where(ORGANIZATIONS.ID.eq(org.value()))
					.execute());
		return get(actor, org);
	}

	/**
	 * Requires (or stops requiring) a second factor of every member before they reach the
	 * organization's data. The owner turning it on must have one, and have stepped up.
	 */
	public Organization setRequireMfa(Actor actor, OrgId org, boolean required) {
		access.require(actor, Permission.ORG_MANAGE_SECURITY, org);
		stepUp.require(actor);
		if (required && !actor.credential().mfaEnrolled()) {
			throw new dev.rampart.shared.Conflict(
					"enrol a second factor yourself before requiring one of every member");
		}
		db.write(DbContext.user(actor.userId()),
				sql -> sql.update(ORGANIZATIONS)
					.set(ORGANIZATIONS.REQUIRE_MFA, required)
					.set(ORGANIZATIONS.UPDATED_AT, Clocks.now(clock))
					.where(ORGANIZATIONS.ID.eq(org.value()))
					.execute());
		return get(actor, org);
	}

	/**
	 * Deletes the organization with all its projects, tasks and comments (after a
	 * step-up).
	 */
	public void delete(Actor actor, OrgId org) {
		access.require(actor, Permission.ORG_DELETE, org);
		stepUp.require(actor);
		db.write(DbContext.user(actor.userId()), sql -> {
			int deleted = sql.deleteFrom(ORGANIZATIONS).where(ORGANIZATIONS.ID.eq(org.value())).execute();
			events.publishEvent(new WorkEvent.OrganizationDeleted(org));
			return deleted;
		});
	}

	public List<Member> members(Actor actor, OrgId org) {
		access.require(actor, Permission.ORG_READ_MEMBERS, org);
		return db.read(DbContext.user(actor.userId()),
				sql -> Member.of(directory, sql,
						selectMembers(sql, org).orderBy(ORG_MEMBERS.CREATED_AT, ORG_MEMBERS.USER_ID)
							.fetch(Organizations::toRow)));
	}

	/** Adds an existing user, found by exact email, with a role. */
	public Member addMember(Actor actor, OrgId org, UserRef member, OrgRole role) {
		access.require(actor, Permission.ORG_MANAGE_MEMBERS, org);
		// By email: any account (the address names it exactly). By id: only an account
		// the admin can already see (a member of another of their organizations); ids are
		// not a directory.
		UserId user = (member.id() != null ? accounts.findVisible(actor, new UserId(member.id()))
				: accounts.findByEmail(actor, java.util.Objects.requireNonNull(member.email())))
			.orElseThrow(() -> new NotFound("user"));
		if (identity.verifiedEmailToJoin() && !accounts.emailVerified(user)) {
			throw new Conflict("the account has not confirmed its email address yet: invite the address instead");
		}
		return db.write(DbContext.user(actor.userId()), sql -> {
			rules.requireMayAssign(roleOf(sql, org, actor.userId()), null, role);
			int inserted = sql.insertInto(ORG_MEMBERS)
				.set(ORG_MEMBERS.ORG_ID, org.value())
				.set(ORG_MEMBERS.USER_ID, user.value())
				.set(ORG_MEMBERS.ROLE, role.wireName())
				.set(ORG_MEMBERS.CREATED_AT, Clocks.now(clock))
				.onConflictDoNothing()
				.execute();
			if (inserted == 0) {
				throw new Conflict("the user is already a member of this organization");
			}
			events.publishEvent(new WorkEvent.MemberAdded(org, user, role.wireName()));
			return member(sql, org, user);
		});
	}

	/** Changes a member's role (after a step-up). */
	public Member changeRole(Actor actor, OrgId org, UserId user, OrgRole role) {
		access.require(actor, Permission.ORG_MANAGE_MEMBERS, org);
		stepUp.require(actor);
		return db.write(DbContext.user(actor.userId()), sql -> {
			OrgRole current = lockedRoleOf(sql, org, user);
			rules.requireMayAssign(roleOf(sql, org, actor.userId()), current, role);
			if (current == OrgRole.OWNER && role != OrgRole.OWNER) {
				rules.requireAnotherOwner(countOwners(sql, org));
			}
			sql.update(ORG_MEMBERS)
				.set(ORG_MEMBERS.ROLE, role.wireName())
				.where(ORG_MEMBERS.ORG_ID.eq(org.value()))
				.and(ORG_MEMBERS.USER_ID.eq(user.value()))
				.execute();
			events.publishEvent(new WorkEvent.MemberRoleChanged(org, user, role.wireName()));
			return member(sql, org, user);
		});
	}

	/**
	 * Removes a member and, in the same transaction, their project roles and task grants
	 * in the organization, and unassigns them from its tasks.
	 */
	public void removeMember(Actor actor, OrgId org, UserId user) {
		access.require(actor, Permission.ORG_MANAGE_MEMBERS, org);
		db.write(DbContext.user(actor.userId()), sql -> {
			OrgRole current = lockedRoleOf(sql, org, user);
			rules.requireMayAssign(roleOf(sql, org, actor.userId()), current, null);
			if (current == OrgRole.OWNER) {
				rules.requireAnotherOwner(countOwners(sql, org));
			}
			sql.deleteFrom(PROJECT_MEMBERS)
				.where(PROJECT_MEMBERS.ORG_ID.eq(org.value()))
				.and(PROJECT_MEMBERS.USER_ID.eq(user.value()))
				.execute();
			sql.deleteFrom(TASK_GRANTS)
				.where(TASK_GRANTS.ORG_ID.eq(org.value()))
				.and(TASK_GRANTS.USER_ID.eq(user.value()))
				.execute();
			TaskGrants.unassignWhereNoLongerAllowed(sql, actor.userId(), org, java.util.Optional.empty(), user);
			int removed = sql.deleteFrom(ORG_MEMBERS)
				.where(ORG_MEMBERS.ORG_ID.eq(org.value()))
				.and(ORG_MEMBERS.USER_ID.eq(user.value()))
				.execute();
			events.publishEvent(new WorkEvent.MemberRemoved(org, user));
			return removed;
		});
	}

	/**
	 * The caller leaves the organization: their project memberships, grants and
	 * assignments in it go with them. The last owner cannot leave (make someone else an
	 * owner, or delete it).
	 */
	public void leave(Actor actor, OrgId org) {
		access.requireMayChange(actor);
		access.require(actor, Permission.ORG_READ, org);
		db.write(DbContext.user(actor.userId()), sql -> {
			leave(sql, org, actor.userId());
			events.publishEvent(new WorkEvent.MemberLeft(org, actor.userId()));
			return null;
		});
	}

	/** {@link #leave} inside the caller's transaction (also for a deleted account). */
	static void leave(DSLContext sql, OrgId org, UserId user) {
		OrgRole current = lockedRoleOf(sql, org, user);
		if (current == OrgRole.OWNER && countOwners(sql, org) <= 1) {
			throw new Conflict("you are the last owner of this organization: make another member an owner,"
					+ " or delete the organization");
		}
		// Unassigned first, while the memberships that make the tasks visible still hold.
		sql.update(TASKS)
			.setNull(TASKS.ASSIGNEE_ID)
			.set(TASKS.VERSION, TASKS.VERSION.plus(1))
			.set(TASKS.UPDATED_BY, user.value())
			.set(TASKS.UPDATED_AT, DSL.currentInstant())
			.where(TASKS.ORG_ID.eq(org.value()))
			.and(TASKS.ASSIGNEE_ID.eq(user.value()))
			.execute();
		sql.deleteFrom(PROJECT_MEMBERS)
			.where(PROJECT_MEMBERS.ORG_ID.eq(org.value()))
			.and(PROJECT_MEMBERS.USER_ID.eq(user.value()))
			.execute();
		sql.deleteFrom(TASK_GRANTS)
			.where(TASK_GRANTS.ORG_ID.eq(org.value()))
			.and(TASK_GRANTS.USER_ID.eq(user.value()))
			.execute();
		Database.requireChanged(sql.deleteFrom(ORG_MEMBERS)
			.where(ORG_MEMBERS.ORG_ID.eq(org.value()))
			.and(ORG_MEMBERS.USER_ID.eq(user.value()))
			.execute(), () -> new NotFound("organization"));
	}

	private static org.jooq.SelectConditionStep<Record7<java.util.UUID, byte[], Boolean, String, Instant, Instant, Boolean>> selectOrganizations(
			DSLContext sql, Actor actor) {
		return sql
			.select(ORGANIZATIONS.ID, ORGANIZATIONS.NAME, ORGANIZATIONS.PLAIN, ORG_MEMBERS.ROLE,
					ORGANIZATIONS.CREATED_AT, ORGANIZATIONS.UPDATED_AT, ORGANIZATIONS.REQUIRE_MFA)
			.from(ORGANIZATIONS)
			.join(ORG_MEMBERS)
			.on(ORG_MEMBERS.ORG_ID.eq(ORGANIZATIONS.ID))
			.where(ORG_MEMBERS.USER_ID.eq(actor.userId().value()));
	}

	private Organization toOrganization(Record7<java.util.UUID, byte[], Boolean, String, Instant, Instant, Boolean> r) {
		OrgId org = new OrgId(r.value1());
		return new Organization(org, cipher.open(org, FieldCipher.Column.ORG_NAME, org.value(), r.value2(), r.value3()),
				OrgRole.parse("role", r.value4()), r.value5(), r.value6(), r.value7());
	}

	private static org.jooq.SelectConditionStep<org.jooq.Record3<java.util.UUID, String, Instant>> selectMembers(
			DSLContext sql, OrgId org) {
		return sql.select(ORG_MEMBERS.USER_ID, ORG_MEMBERS.ROLE, ORG_MEMBERS.CREATED_AT)
			.from(ORG_MEMBERS)
			.where(ORG_MEMBERS.ORG_ID.eq(org.value()));
	}

	private static Member.Row toRow(org.jooq.Record3<java.util.UUID, String, Instant> r) {
		return new Member.Row(new UserId(r.value1()), r.value2(), r.value3());
	}

	private Member member(DSLContext sql, OrgId org, UserId user) {
		return Member
			.of(directory, sql,
					selectMembers(sql, org).and(ORG_MEMBERS.USER_ID.eq(user.value())).fetch(Organizations::toRow))
			.stream()
			.findFirst()
			.orElseThrow(() -> new NotFound(MEMBER));
	}

	static OrgRole roleOf(DSLContext sql, OrgId org, UserId user) {
		return sql.select(ORG_MEMBERS.ROLE)
			.from(ORG_MEMBERS)
			.where(ORG_MEMBERS.ORG_ID.eq(org.value()))
			.and(ORG_MEMBERS.USER_ID.eq(user.value()))
			.fetchOptional(r -> OrgRole.parse("role", r.value1()))
			.orElseThrow(() -> new NotFound(ORG));
	}

	/**
	 * The member's role, with the organization's membership rows locked so that two
	 * concurrent demotions cannot both see "another owner remains".
	 */
	private static OrgRole lockedRoleOf(DSLContext sql, OrgId org, UserId user) {
		sql.select(ORGANIZATIONS.ID).from(ORGANIZATIONS).where(ORGANIZATIONS.ID.eq(org.value())).forUpdate().execute();
		return sql.select(ORG_MEMBERS.ROLE)
			.from(ORG_MEMBERS)
			.where(ORG_MEMBERS.ORG_ID.eq(org.value()))
			.and(ORG_MEMBERS.USER_ID.eq(user.value()))
			.fetchOptional(r -> OrgRole.parse("role", r.value1()))
			.orElseThrow(() -> new NotFound(MEMBER));
	}

	private static int countOwners(DSLContext sql, OrgId org) {
		return sql.fetchCount(ORG_MEMBERS,
				ORG_MEMBERS.ORG_ID.eq(org.value()).and(ORG_MEMBERS.ROLE.eq(OrgRole.OWNER.wireName())));
	}

}
