package dev.rampart.access;

import static dev.rampart.access.Permission.*;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The whole role to permission table, in one place. Organization roles grant organization
 * permissions; owners and admins also act as managers of every project in their organization.
 * Project roles grant project, task and comment permissions. Everything else is denied.
 */
public final class RolePermissions {

	static final Set<Permission> MANAGER = EnumSet.of(PROJECT_READ, PROJECT_UPDATE, PROJECT_DELETE,
			PROJECT_READ_MEMBERS, PROJECT_MANAGE_MEMBERS, TASK_CREATE, TASK_READ, TASK_UPDATE, TASK_DELETE,
			TASK_COMMENT, COMMENT_DELETE);

	static final Set<Permission> CONTRIBUTOR = EnumSet.of(PROJECT_READ, PROJECT_READ_MEMBERS, TASK_CREATE, TASK_READ,
			TASK_UPDATE, TASK_COMMENT);

	static final Set<Permission> VIEWER = EnumSet.of(PROJECT_READ, PROJECT_READ_MEMBERS, TASK_READ);

	private static final Map<OrgRole, Set<Permission>> ORG = Map.of(
			OrgRole.OWNER, EnumSet.of(ORG_READ, ORG_UPDATE, ORG_DELETE, ORG_READ_MEMBERS, ORG_MANAGE_MEMBERS, PROJECT_CREATE),
			OrgRole.ADMIN, EnumSet.of(ORG_READ, ORG_UPDATE, ORG_READ_MEMBERS, ORG_MANAGE_MEMBERS, PROJECT_CREATE),
			OrgRole.MEMBER, EnumSet.of(ORG_READ, ORG_READ_MEMBERS),
			OrgRole.GUEST, EnumSet.of(ORG_READ));

	private static final Map<ProjectRole, Set<Permission>> PROJECT = Map.of(ProjectRole.MANAGER, MANAGER,
			ProjectRole.CONTRIBUTOR, CONTRIBUTOR, ProjectRole.VIEWER, VIEWER);

	/** Org roles that act as project managers in every project of their organization. */
	private static final Set<OrgRole> PROJECT_MANAGING_ORG_ROLES = EnumSet.of(OrgRole.OWNER, OrgRole.ADMIN);

	private RolePermissions() {
	}

	public static Set<Permission> ofOrgRole(OrgRole role) {
		return ORG.get(role);
	}

	public static Set<Permission> ofProjectRole(ProjectRole role) {
		return PROJECT.get(role);
	}

	static boolean managesAllProjects(OrgRole role) {
		return PROJECT_MANAGING_ORG_ROLES.contains(role);
	}

}
