package dev.rampart.access;

import dev.rampart.shared.Actor;
import dev.rampart.shared.OrgId;
import java.util.Optional;

/**
 * Named policy: an API token scoped to an organization reaches that organization only;
 * every other one looks to it as if it did not exist (404, and left out of lists).
 * Control C04.
 */
final class OrganizationScopedTokenPolicy {

	private OrganizationScopedTokenPolicy() {
	}

	static boolean reaches(Actor.Credential credential, OrgId org) {
		return credential.onlyOrg() == null || credential.onlyOrg().equals(org);
	}

	/** The one organization the credential reaches, if it is scoped to one. */
	static Optional<OrgId> onlyOrganization(Actor.Credential credential) {
		return Optional.ofNullable(credential.onlyOrg());
	}

}
