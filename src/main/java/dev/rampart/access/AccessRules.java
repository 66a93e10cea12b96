package dev.rampart.access;

import dev.rampart.shared.UserId;
import java.util.Optional;
import java.util.Set;

/**
 * The decision as a pure function of the permission table and one user's memberships, so
 * it can be tested alone and explained. Rules are checked from the top level down; the
 * first that grants wins, else deny. Row-level security in the database mirrors the read
 * rules (see docs/access-control.md).
 */
final class AccessRules {

	private AccessRules() {
	}

	static Decision decide(UserId user, Permission permission, Resource resource, Memberships memberships) {
		Optional<OrgRole> orgRole = memberships.orgRole();
		if (orgRole.isEmpty()) {
			return new Decision.Denied("not a member of the organization");
		}
		String orgReason = "organization role " + orgRole.get().wireName();
		if (RolePermissions.ofOrgRole(orgRole.get()).contains(permission)) {
			return new Decision.Allowed(orgReason);
		}
		if (resource instanceof Resource.Org) {
			return new Decision.Denied(orgReason + " lacks " + permission.action());
		}
		Set<Permission> projectPermissions;
		String projectReason;
		if (RolePermissions.managesAllProjects(orgRole.get())) {
			projectPermissions = RolePermissions.ofProjectRole(ProjectRole.MANAGER);
			projectReason = orgReason + " manages every project";
		}
		else if (memberships.projectRole().isPresent()) {
			projectPermissions = memberships.projectRole().get().permissions();
			projectReason = "project role " + memberships.projectRole().get().name();
		}
		else {
			projectPermissions = Set.of();
			projectReason = "no role in the project";
		}
		if (resource instanceof Resource.Project) {
			return projectPermissions.contains(permission) ? new Decision.Allowed(projectReason) : new Decision.Denied(
					projectReason + (projectPermissions.isEmpty() ? "" : " lacks " + permission.action()));
		}
		Resource.Task task = resource instanceof Resource.Comment comment ? comment.task() : (Resource.Task) resource;
		boolean creator = task.creator().equals(user);
		boolean projectRoleReaches = !task.restricted() || creator
				|| projectPermissions.contains(Permission.TASK_READ_RESTRICTED);
		if (projectRoleReaches && projectPermissions.contains(permission)) {
			return new Decision.Allowed(
					task.restricted() && creator && !projectPermissions.contains(Permission.TASK_READ_RESTRICTED)
							? projectReason + ", as creator of the restricted task" : projectReason);
		}
		if (task.assignee().filter(user::equals).isPresent()
				&& RolePermissions.ofTaskRole(TaskRole.ASSIGNEE).contains(permission)) {
			return new Decision.Allowed("assignee of the task");
		}
		if (memberships.grant().isPresent()
				&& RolePermissions.ofTaskRole(memberships.grant().get()).contains(permission)) {
			return new Decision.Allowed("task grant " + memberships.grant().get().wireName());
		}
		if (resource instanceof Resource.Comment comment && permission == Permission.COMMENT_DELETE
				&& comment.author().equals(user)
				&& decide(user, Permission.TASK_COMMENT, task, memberships).allowed()) {
			return new Decision.Allowed("author of the comment");
		}
		if (!projectRoleReaches && !projectPermissions.isEmpty()) {
			return new Decision.Denied("the task is restricted and " + projectReason + " lacks "
					+ Permission.TASK_READ_RESTRICTED.action() + "; no grant on the task");
		}
		return new Decision.Denied(projectPermissions.isEmpty() ? "no role in the project and no grant on the task"
				: projectReason + " lacks " + permission.action() + "; no grant on the task gives it");
	}

	/**
	 * The permission that makes a resource visible at all; without it, it does not exist.
	 */
	static Permission visibility(Resource resource) {
		if (resource instanceof Resource.Org) {
			return Permission.ORG_READ;
		}
		return resource instanceof Resource.Project ? Permission.PROJECT_READ : Permission.TASK_READ;
	}

}
