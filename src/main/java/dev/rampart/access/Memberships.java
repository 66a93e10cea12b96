package dev.rampart.access;

import java.util.Optional;

/** The actor's roles that bear on one resource: in its organization and, if any, its project. */
record Memberships(Optional<OrgRole> orgRole, Optional<ProjectRole> projectRole) {

	static final Memberships NONE = new Memberships(Optional.empty(), Optional.empty());

}
