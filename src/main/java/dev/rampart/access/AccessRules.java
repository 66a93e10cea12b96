package dev.rampart.access;

import dev.rampart.shared.UserId;
import java.util.Optional;

/**
 * The decision as a pure function of the permission table and the actor's memberships, so it can
 * be tested alone and explained. Checked in order; the first rule that grants wins, else deny.
 */
final class AccessRules {

	private AccessRules() {
	}

	static Decision decide(UserId actor, Permission permission, Resource resource, Memberships memberships) {
		Optional<OrgRole> orgRole = memberships.orgRole();
		if (orgRole.isEmpty()) {
			return new Decision.Denied("not a member of the organization");
		}
		if (RolePermissions.ofOrgRole(orgRole.get()).contains(permission)) {
			return new Decision.Allowed("organization role " + orgRole.get().wireName());
		}
		if (resource instanceof Resource.Org) {
			return new Decision.Denied("organization role " + orgRole.get().wireName() + " lacks " + permission.action());
		}
		if (RolePermissions.managesAllProjects(orgRole.get()) && RolePermissions.MANAGER.contains(permission)) {
			return new Decision.Allowed("organization role " + orgRole.get().wireName() + " manages every project");
		}
		Optional<ProjectRole> projectRole = memberships.projectRole();
		if (projectRole.isPresent() && RolePermissions.ofProjectRole(projectRole.get()).contains(permission)) {
			return new Decision.Allowed("project role " + projectRole.get().wireName());
		}
		if (resource instanceof Resource.Comment comment && permission == Permission.COMMENT_DELETE
				&& comment.author().equals(actor) && projectRole.isPresent()
				&& RolePermissions.ofProjectRole(projectRole.get()).contains(Permission.TASK_COMMENT)) {
			return new Decision.Allowed("author of the comment");
		}
		return new Decision.Denied(projectRole.map(r -> "project role " + r.wireName() + " lacks " + permission.action())
			.orElse("no role in the project"));
	}

	/** The permission that makes a resource visible at all; without it, it does not exist. */
	static Permission visibility(Resource resource) {
		return resource instanceof Resource.Org ? Permission.ORG_READ : Permission.PROJECT_READ;
	}

}
