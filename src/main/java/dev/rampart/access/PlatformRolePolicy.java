package dev.rampart.access;

import dev.rampart.shared.Actor;
import java.util.Set;

/**
 * Named policy: a platform operation needs a platform role that allows it, held by an
 * account with a second factor; changes to keys also need a recent step-up
 * ({@link StepUpPolicy}). Control C10 (separation of duties).
 */
final class PlatformRolePolicy {

	static final String MFA_REASON = "platform roles require multi-factor authentication";

	private PlatformRolePolicy() {
	}

	/** The policy's answer. */
	enum Outcome {

		ALLOWED, NO_ROLE, NEEDS_MFA

	}

	static Outcome decide(Set<PlatformRole> roles, PlatformPermission permission, Actor.Credential credential) {
		if (roles.stream().noneMatch(role -> role.allows(permission))) {
			return Outcome.NO_ROLE;
		}
		return credential.mfaEnrolled() ? Outcome.ALLOWED : Outcome.NEEDS_MFA;
	}

	/** Whether the operation changes keys, so that it needs a recent step-up too. */
	static boolean needsStepUp(PlatformPermission permission) {
		return permission == PlatformPermission.KEYS_MANAGE;
	}

}
