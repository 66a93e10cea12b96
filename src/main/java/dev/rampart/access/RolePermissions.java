package dev.rampart.access;

import static dev.rampart.access.Permission.*;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The whole role to permission table, in one place. Everything not listed here is denied.
 * <ul>
 * <li>Organization roles grant organization permissions; owners and admins also act as
 * managers of every project in their organization.
 * <li>Project roles grant project and task permissions inside one project. The built-in
 * ones are below; organization owners add custom ones (stored as data, checked the same
 * way).
 * <li>Task-level roles grant task permissions on one task: its assignee, and grants.
 * </ul>
 * The database's row-level security reads the same sets: the built-in project roles are
 * written to {@code project_roles} from this class at every start ({@link BuiltInRoles}).
 * Control C07 (docs/controls.md).
 */
final class RolePermissions {

	private static final Map<OrgRole, Set<Permission>> ORG = Map.of(OrgRole.OWNER,
			EnumSet.of(ORG_READ, ORG_UPDATE, ORG_DELETE, ORG_READ_MEMBERS, ORG_MANAGE_MEMBERS, ORG_MANAGE_ROLES,
					ORG_MANAGE_SECURITY, AUDIT_READ, ACCESS_EXPLAIN, PROJECT_CREATE, TEMPLATE_READ, TEMPLATE_MANAGE),
			OrgRole.ADMIN,
			EnumSet.of(ORG_READ, ORG_UPDATE, ORG_READ_MEMBERS, ORG_MANAGE_MEMBERS, AUDIT_READ, ACCESS_EXPLAIN,
					PROJECT_CREATE, TEMPLATE_READ, TEMPLATE_MANAGE),
			OrgRole.MEMBER, EnumSet.of(ORG_READ, ORG_READ_MEMBERS, TEMPLATE_READ), OrgRole.GUEST, EnumSet.of(ORG_READ));

	private static final Map<ProjectRole, Set<Permission>> PROJECT = Map.of(ProjectRole.MANAGER,
			EnumSet.of(PROJECT_READ, PROJECT_UPDATE, PROJECT_DELETE, PROJECT_READ_MEMBERS, PROJECT_MANAGE_MEMBERS,
					TASK_CREATE, TASK_READ, TASK_READ_RESTRICTED, TASK_UPDATE, TASK_DELETE, TASK_COMMENT, TASK_SHARE,
					COMMENT_DELETE),
			ProjectRole.CONTRIBUTOR,
			EnumSet.of(PROJECT_READ, PROJECT_READ_MEMBERS, TASK_CREATE, TASK_READ, TASK_UPDATE, TASK_COMMENT),
			ProjectRole.VIEWER, EnumSet.of(PROJECT_READ, PROJECT_READ_MEMBERS, TASK_READ));

	private static final Map<TaskRole, Set<Permission>> TASK = Map.of(TaskRole.ASSIGNEE,
			EnumSet.of(TASK_READ, TASK_UPDATE, TASK_COMMENT), TaskRole.COLLABORATOR,
			EnumSet.of(TASK_READ, TASK_UPDATE, TASK_COMMENT), TaskRole.VIEWER, EnumSet.of(TASK_READ));

	/** Org roles that act as project managers in every project of their organization. */
	private static final Set<OrgRole> PROJECT_MANAGING_ORG_ROLES = EnumSet.of(OrgRole.OWNER, OrgRole.ADMIN);

	/**
	 * Every project role, custom ones too, lets its holder see the project it applies to.
	 */
	static final Permission IMPLIED_BY_ANY_PROJECT_ROLE = PROJECT_READ;

	private RolePermissions() {
	}

	public static Set<Permission> ofOrgRole(OrgRole role) {
		return Collections.unmodifiableSet(ORG.get(role));
	}

	public static Set<Permission> ofProjectRole(ProjectRole role) {
		return Collections.unmodifiableSet(PROJECT.get(role));
	}

	public static Set<Permission> ofTaskRole(TaskRole role) {
		return Collections.unmodifiableSet(TASK.get(role));
	}

	static boolean managesAllProjects(OrgRole role) {
		return PROJECT_MANAGING_ORG_ROLES.contains(role);
	}

	/** The table as rows, for documentation and the explain endpoint. */
	public static Map<String, Set<Permission>> table() {
		Map<String, Set<Permission>> rows = new LinkedHashMap<>();
		for (OrgRole role : OrgRole.values()) {
			rows.put("org:" + role.wireName(), ofOrgRole(role));
		}
		for (ProjectRole role : ProjectRole.values()) {
			rows.put("project:" + role.wireName(), ofProjectRole(role));
		}
		for (TaskRole role : TaskRole.values()) {
			rows.put("task:" + role.wireName(), ofTaskRole(role));
		}
		return rows;
	}

}
