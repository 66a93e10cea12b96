package dev.rampart.access;

import java.util.Optional;
import java.util.Set;

/**
 * Everything about one user that bears on one resource: their organization role, their
 * project role (built-in or custom, with its permissions), and their live grant on the
 * task, if any.
 */
record Memberships(Optional<OrgRole> orgRole, Optional<HeldProjectRole> projectRole, Optional<TaskRole> grant) {

	static final Memberships NONE = new Memberships(Optional.empty(), Optional.empty(), Optional.empty());

	/** A project role as held: its name and the permissions it lists. */
	record HeldProjectRole(String name, Set<Permission> permissions) {
	}

}
