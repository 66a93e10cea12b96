package dev.rampart.access;

import java.util.Arrays;
import java.util.Optional;

/** A named action on a resource, as the access table and the explain output spell it. */
public enum Permission {

	ORG_READ("org.read", Scope.ORG), ORG_UPDATE("org.update", Scope.ORG), ORG_DELETE("org.delete", Scope.ORG),
	ORG_READ_MEMBERS("org.read_members", Scope.ORG), ORG_MANAGE_MEMBERS("org.manage_members", Scope.ORG),
	ORG_MANAGE_ROLES("org.manage_roles", Scope.ORG), ORG_MANAGE_SECURITY("org.manage_security", Scope.ORG),
	AUDIT_READ("audit.read", Scope.ORG), ACCESS_EXPLAIN("access.explain", Scope.ORG),
	PROJECT_CREATE("project.create", Scope.ORG), TEMPLATE_READ("template.read", Scope.ORG),
	TEMPLATE_MANAGE("template.manage", Scope.ORG),

	PROJECT_READ("project.read", Scope.PROJECT), PROJECT_UPDATE("project.update", Scope.PROJECT),
	PROJECT_DELETE("project.delete", Scope.PROJECT), PROJECT_READ_MEMBERS("project.read_members", Scope.PROJECT),
	PROJECT_MANAGE_MEMBERS("project.manage_members", Scope.PROJECT), TASK_CREATE("task.create", Scope.PROJECT),

	TASK_READ("task.read", Scope.TASK), TASK_READ_RESTRICTED("task.read_restricted", Scope.TASK),
	TASK_UPDATE("task.update", Scope.TASK), TASK_DELETE("task.delete", Scope.TASK),
	TASK_COMMENT("task.comment", Scope.TASK), TASK_SHARE("task.share", Scope.TASK),
	COMMENT_DELETE("comment.delete", Scope.TASK);

	/**
	 * The level a permission is about. Organization roles hold ORG permissions; project
	 * roles (built-in or custom) hold PROJECT and TASK permissions; task grants hold TASK
	 * permissions.
	 */
	public enum Scope {

		ORG, PROJECT, TASK

	}

	private final String action;

	private final Scope scope;

	Permission(String action, Scope scope) {
		this.action = action;
		this.scope = scope;
	}

	public String action() {
		return action;
	}

	public Scope scope() {
		return scope;
	}

	/**
	 * The actions that make sense on a resource, for the explain endpoint: an
	 * organization's own actions on an organization, a project's on a project, a task's
	 * on a task, deleting it on a comment.
	 */
	public static java.util.List<Permission> applicableTo(Resource resource) {
		return Arrays.stream(values())
			.filter(p -> resource instanceof Resource.Org ? p.scope == Scope.ORG
					: resource instanceof Resource.Project ? p.scope == Scope.PROJECT
							: resource instanceof Resource.Comment ? p == COMMENT_DELETE
									: p.scope == Scope.TASK && p != COMMENT_DELETE)
			.toList();
	}

	/**
	 * Whether the action changes anything (a read-only credential may not do it). Listing
	 * what a manager manages (invitations, grants) reads under a managing permission;
	 * those calls say so ({@link AccessPolicy#requireToRead}).
	 */
	public boolean writes() {
		return switch (this) {
			case ORG_READ, ORG_READ_MEMBERS, AUDIT_READ, ACCESS_EXPLAIN, TEMPLATE_READ, PROJECT_READ,
					PROJECT_READ_MEMBERS, TASK_READ, TASK_READ_RESTRICTED ->
				false;
			default -> true;
		};
	}

	/**
	 * Whether the action changes what a project holds (its settings, members, tasks,
	 * comments, grants): refused while the project is archived. Reading, archiving,
	 * restoring and deleting it are not.
	 */
	public boolean changesProjectContent() {
		return switch (this) {
			case PROJECT_UPDATE, PROJECT_MANAGE_MEMBERS, TASK_CREATE, TASK_UPDATE, TASK_DELETE, TASK_COMMENT,
					TASK_SHARE, COMMENT_DELETE ->
				true;
			default -> false;
		};
	}

	public static Optional<Permission> ofAction(String action) {
		return Arrays.stream(values()).filter(p -> p.action.equals(action)).findFirst();
	}

}
