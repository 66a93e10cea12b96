package dev.rampart.access;

import dev.rampart.shared.Actor;

/**
 * Named policy: an organization that requires multi-factor authentication admits only
 * accounts that have a second factor (403 {@code mfa-enrolment-required}); lists across
 * organizations leave its content out for the others. Control C05.
 */
final class OrganizationMfaPolicy {

	static final String REASON = "the organization requires multi-factor authentication";

	private OrganizationMfaPolicy() {
	}

	static boolean admits(Actor.Credential credential, boolean organizationRequiresMfa) {
		return !organizationRequiresMfa || credential.mfaEnrolled();
	}

	/** Whether lists across organizations must leave out those that require MFA. */
	static boolean hidesOrganizationsRequiringMfa(Actor.Credential credential) {
		return !credential.mfaEnrolled();
	}

}
