package dev.rampart.work;

import dev.rampart.access.OrgRole;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.Forbidden;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Rules on organization membership changes beyond the permission table: only an owner may
 * make, change or remove an owner, and an organization always keeps at least one owner.
 */
@Component
class MembershipRules {

	/**
	 * @param actorRole the role of who makes the change
	 * @param from the member's current role, null when adding
	 * @param to the new role, null when removing
	 */
	void requireMayAssign(OrgRole actorRole, @Nullable OrgRole from, @Nullable OrgRole to) {
		boolean touchesOwner = from == OrgRole.OWNER || to == OrgRole.OWNER;
		if (touchesOwner && actorRole != OrgRole.OWNER) {
			throw new Forbidden("only an owner may grant, change or remove the owner role");
		}
	}

	void requireAnotherOwner(int owners) {
		if (owners <= 1) {
			throw new Conflict("an organization must keep at least one owner");
		}
	}

}
