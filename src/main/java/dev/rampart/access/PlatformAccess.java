package dev.rampart.access;

import static dev.rampart.db.schema.Tables.PLATFORM_ROLES;
import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.db.DbContext;
import dev.rampart.db.Database;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Forbidden;
import dev.rampart.shared.UserId;
import java.time.Clock;
import dev.rampart.identity.Emails;
import dev.rampart.identity.MfaEnrolmentRequired;
import dev.rampart.identity.StepUp;
import dev.rampart.identity.UserFields;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The access decision for platform operations. A platform role is checked here and, where
 * the data lives in the database (error reports), again by row-level security. Roles are
 * granted and revoked only by operator commands at the machine (through the owner role);
 * the application role can read a user's own roles and nothing else.
 */
@Service
public class PlatformAccess {

	private static final String PLATFORM = "platform";

	private final Database db;

	private final OwnerDatabase owner;

	private final Clock clock;

	private final UserFields userFields;

	private final StepUp stepUp;

	private final ApplicationEventPublisher events;

	PlatformAccess(ApplicationEventPublisher events, Database db, OwnerDatabase owner, Clock clock,
			UserFields userFields, StepUp stepUp) {
		this.events = events;
		this.stepUp = stepUp;
		this.userFields = userFields;
		this.db = db;
		this.owner = owner;
		this.clock = clock;
	}

	/** The actor's platform roles. */
	public Set<PlatformRole> roles(UserId user) {
		List<String> names = db.read(DbContext.user(user),
				sql -> sql.select(PLATFORM_ROLES.ROLE)
					.from(PLATFORM_ROLES)
					.where(PLATFORM_ROLES.USER_ID.eq(user.value()))
					.fetch(PLATFORM_ROLES.ROLE));
		Set<PlatformRole> roles = EnumSet.noneOf(PlatformRole.class);
		names.forEach(name -> roles.add(PlatformRole.parse("role", name)));
		return roles;
	}

	/**
	 * Passes if one of the actor's platform roles allows {@code permission}; otherwise
	 * records the denial and refuses (403: that platform operations exist is no secret).
	 * Platform roles always need a second factor on the account, and changes to keys a
	 * recent step-up.
	 */
	public void require(Actor actor, PlatformPermission permission, String area) {
		if (roles(actor.userId()).stream().noneMatch(role -> role.allows(permission))) {
			events.publishEvent(new AccessEvent.AccessDenied(permission.action(), PLATFORM, area, null, null));
			throw new Forbidden(permission.action());
		}
		if (!actor.credential().mfaEnrolled()) {
			events.publishEvent(new AccessEvent.AccessDenied(permission.action(), PLATFORM, area, null,
					"platform roles require multi-factor authentication"));
			throw new MfaEnrolmentRequired("a platform role");
		}
		if (permission == PlatformPermission.KEYS_MANAGE) {
			stepUp.require(actor);
		}
		events.publishEvent(new AccessEvent.AccessGranted(permission.action(), PLATFORM, area, null));
	}

	/**
	 * The account with this email (operator command; found by the email's blind index).
	 */
	public Optional<UserId> account(String email) {
		byte[] index = userFields.emailIndex(Emails.normalize("email", email));
		return owner.transaction(sql -> sql.select(USERS.ID)
			.from(USERS)
			.where(USERS.EMAIL_INDEX.eq(index))
			.fetchOptional(r -> new UserId(r.value1())));
	}

	/** Grants a role (operator command); false if the user already held it. */
	public boolean grant(UserId user, PlatformRole role) {
		return owner.transaction(sql -> sql.insertInto(PLATFORM_ROLES)
			.set(PLATFORM_ROLES.USER_ID, user.value())
			.set(PLATFORM_ROLES.ROLE, role.wireName())
			.set(PLATFORM_ROLES.GRANTED_AT, clock.instant())
			.onConflictDoNothing()
			.execute()) == 1;
	}

	/** Revokes a role (operator command); false if the user did not hold it. */
	public boolean revoke(UserId user, PlatformRole role) {
		return owner.transaction(sql -> sql.deleteFrom(PLATFORM_ROLES)
			.where(PLATFORM_ROLES.USER_ID.eq(user.value()))
			.and(PLATFORM_ROLES.ROLE.eq(role.wireName()))
			.execute()) == 1;
	}

	/** A holder of platform roles, for operators at the machine. */
	public record Holder(UserId user, String email, List<String> roles) {
	}

	/** Every holder of a platform role (operator command). */
	public List<Holder> holders() {
		return owner.transaction(sql -> sql.select(USERS.ID, USERS.EMAIL, PLATFORM_ROLES.ROLE)
			.from(PLATFORM_ROLES)
			.join(USERS)
			.on(USERS.ID.eq(PLATFORM_ROLES.USER_ID))
			.orderBy(USERS.ID, PLATFORM_ROLES.ROLE)
			.fetchGroups(r -> r.value1(), r -> r)
			.values()
			.stream()
			.map(rows -> new Holder(new UserId(rows.get(0).value1()),
					userFields.email(rows.get(0).value1(), rows.get(0).value2()),
					rows.stream().map(r -> r.value3()).toList()))
			.toList());
	}

}
