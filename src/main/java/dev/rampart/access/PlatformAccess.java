package dev.rampart.access;

import static dev.rampart.db.schema.Tables.PLATFORM_ROLES;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.Forbidden;
import dev.rampart.shared.UserId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The access decision for platform operations. A platform role is checked here and, where
 * the data lives in the database (error reports), again by row-level security. Roles are
 * granted and revoked only by operator commands at the machine ({@link PlatformRoles});
 * the application role can read a user's own roles and nothing else. Control C10
 * (docs/controls.md).
 */
@Service
public class PlatformAccess {

	private static final String PLATFORM = "platform";

	private final Database db;

	private final StepUpPolicy stepUp;

	private final CredentialPolicies credentials;

	private final ApplicationEventPublisher events;

	PlatformAccess(ApplicationEventPublisher events, Database db, StepUpPolicy stepUp, CredentialPolicies credentials) {
		this.credentials = credentials;
		this.events = events;
		this.stepUp = stepUp;
		this.db = db;
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
		if (permission.writes()) {
			credentials.requireMayChange(actor);
		}
		switch (PlatformRolePolicy.decide(roles(actor.userId()), permission, actor.credential())) {
			case NO_ROLE -> {
				events.publishEvent(new AccessEvent.AccessDenied(permission.action(), PLATFORM, area, null, null));
				throw new Forbidden(permission.action());
			}
			case NEEDS_MFA -> {
				events.publishEvent(new AccessEvent.AccessDenied(permission.action(), PLATFORM, area, null,
						PlatformRolePolicy.MFA_REASON));
				throw new MfaEnrolmentRequired("a platform role");
			}
			case ALLOWED -> {
			}
		}
		if (PlatformRolePolicy.needsStepUp(permission)) {
			stepUp.require(actor);
		}
		events.publishEvent(new AccessEvent.AccessGranted(permission.action(), PLATFORM, area, null));
	}

	/**
	 * Refuses (409) while the user holds a platform role: an account that keeps keys or
	 * runs the platform is not erased by its owner; an operator revokes the role first,
	 * at the machine.
	 */
	public void requireNoPlatformRole(UserId user) {
		if (!roles(user).isEmpty()) {
			throw new Conflict(
					"the account holds a platform role: an operator must revoke it first (rampart admin revoke-role)");
		}
	}

}
