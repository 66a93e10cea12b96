package dev.rampart.graphql;

import dev.rampart.shared.Audited;
import dev.rampart.access.AccessPolicy;
import dev.rampart.access.OrgRole;
import dev.rampart.access.Roles;
import dev.rampart.graphql.Nodes.CommentNode;
import dev.rampart.graphql.Nodes.ExplanationNode;
import dev.rampart.graphql.Nodes.GrantNode;
import dev.rampart.graphql.Nodes.MemberNode;
import dev.rampart.graphql.Nodes.OrganizationNode;
import dev.rampart.graphql.Nodes.ProjectNode;
import dev.rampart.graphql.Nodes.RoleNode;
import dev.rampart.graphql.Nodes.TaskNode;
import dev.rampart.graphql.Nodes.Viewer;
import dev.rampart.identity.Accounts;
import dev.rampart.shared.Actor;
import dev.rampart.shared.CommentId;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import dev.rampart.shared.UserRef;
import dev.rampart.work.Change;
import dev.rampart.work.Comments;
import dev.rampart.work.NewTask;
import dev.rampart.work.Organizations;
import dev.rampart.work.Projects;
import dev.rampart.work.TaskChanges;
import dev.rampart.work.TaskPlan;
import dev.rampart.work.TaskGrants;
import dev.rampart.work.Tasks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/**
 * Root queries and mutations: each a call of the same service the REST API calls.
 * <p>
 * Longer than most classes because Spring for GraphQL maps one schema root (Query and
 * Mutation) here: every entry point of the schema in one place, each a one-line call into
 * a module.
 */
@Controller
class GraphQlController {

	private final Accounts accounts;

	private final Organizations organizations;

	private final Projects projects;

	private final Tasks tasks;

	private final Comments comments;

	private final TaskGrants grants;

	private final Roles roles;

	private final AccessPolicy access;

	private final dev.rampart.identity.Profiles profiles;

	private final dev.rampart.work.AccountClosure closure;

	GraphQlController(Accounts accounts, Organizations organizations, Projects projects, Tasks tasks, Comments comments,
			TaskGrants grants, Roles roles, AccessPolicy access, dev.rampart.identity.Profiles profiles,
			dev.rampart.work.AccountClosure closure) {
		this.profiles = profiles;
		this.closure = closure;
		this.accounts = accounts;
		this.organizations = organizations;
		this.projects = projects;
		this.tasks = tasks;
		this.comments = comments;
		this.grants = grants;
		this.roles = roles;
		this.access = access;
	}

	@QueryMapping
	Viewer viewer(@AuthenticationPrincipal Actor actor) {
		return Viewer.of(accounts.profile(actor));
	}

	@Audited("account.profile-update")
	@MutationMapping
	Viewer updateProfile(@AuthenticationPrincipal Actor actor, @Argument String displayName) {
		return Viewer.of(profiles.changeDisplayName(actor, displayName));
	}

	@Audited("account.delete")
	@MutationMapping
	boolean deleteAccount(@AuthenticationPrincipal Actor actor) {
		closure.delete(actor);
		return true;
	}

	@Audited("org.member.leave")
	@MutationMapping
	boolean leaveOrganization(@AuthenticationPrincipal Actor actor, @Argument String id) {
		organizations.leave(actor, orgId("id", id));
		return true;
	}

	@QueryMapping
	OrganizationNode organization(@AuthenticationPrincipal Actor actor, @Argument String id) {
		return OrganizationNode.of(organizations.get(actor, orgId("id", id)));
	}

	@QueryMapping
	ProjectNode project(@AuthenticationPrincipal Actor actor, @Argument String id) {
		return ProjectNode.of(projects.get(actor, projectId("id", id)));
	}

	@QueryMapping
	TaskNode task(@AuthenticationPrincipal Actor actor, @Argument String id) {
		return TaskNode.of(tasks.get(actor, taskId("id", id)));
	}

	/**
	 * Relay's refetch by id. Ids are random UUIDs unique across types, so the id alone
	 * names the object: each kind is looked up through its own service (and so its own
	 * access decision) in turn. Something the caller cannot see is "not found", whatever
	 * its kind or tenant.
	 */
	@QueryMapping
	Object node(@AuthenticationPrincipal Actor actor, @Argument String id) {
		java.util.UUID uuid = Inputs.uuid("id", id);
		List<java.util.function.Supplier<Object>> kinds = List.of(() -> TaskNode.of(tasks.get(actor, new TaskId(uuid))),
				() -> ProjectNode.of(projects.get(actor, new ProjectId(uuid))),
				() -> OrganizationNode.of(organizations.get(actor, new OrgId(uuid))));
		for (java.util.function.Supplier<Object> kind : kinds) {
			try {
				return kind.get();
			}
			catch (dev.rampart.shared.NotFound notThisKind) {
				// try the next kind
			}
		}
		throw new dev.rampart.shared.NotFound("node");
	}

	/**
	 * The HTML a Markdown text would be shown as (sanitised, as descriptionHtml and
	 * bodyHtml are): the editor's preview, rendered by the same code, so what the preview
	 * shows is what is stored.
	 */
	@QueryMapping
	String markdownPreview(@Argument String markdown) {
		return dev.rampart.work.RichText
			.html(dev.rampart.shared.TextFields.text("markdown", markdown, Tasks.DESCRIPTION_MAX));
	}

	@QueryMapping
	ExplanationNode explainAccess(@AuthenticationPrincipal Actor actor, @Argument String action,
			@Argument String resource, @Argument String user) {
		return ExplanationNode.of(access.explain(actor, action, Inputs.uuid("resource", resource), user));
	}

	@Audited("org.create")
	@MutationMapping
	OrganizationNode createOrganization(@AuthenticationPrincipal Actor actor, @Argument String name) {
		return OrganizationNode.of(organizations.create(actor, name));
	}

	@Audited("org.update")
	@MutationMapping
	OrganizationNode renameOrganization(@AuthenticationPrincipal Actor actor, @Argument String id,
			@Argument String name) {
		return OrganizationNode.of(organizations.rename(actor, orgId("id", id), name));
	}

	@Audited("org.delete")
	@MutationMapping
	boolean deleteOrganization(@AuthenticationPrincipal Actor actor, @Argument String id) {
		organizations.delete(actor, orgId("id", id));
		return true;
	}

	@Audited("org.member.add")
	@MutationMapping
	MemberNode addOrganizationMember(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument @Nullable String email, @Argument @Nullable String userId, @Argument String role) {
		return MemberNode.of(organizations.addMember(actor, orgId("organizationId", organizationId),
				UserRef.of("userId", userId, "email", email), OrgRole.parse("role", role)));
	}

	@Audited("org.member.change-role")
	@MutationMapping
	MemberNode changeOrganizationMemberRole(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String userId, @Argument String role) {
		return MemberNode.of(organizations.changeRole(actor, orgId("organizationId", organizationId),
				userId("userId", userId), OrgRole.parse("role", role)));
	}

	@Audited("org.member.remove")
	@MutationMapping
	boolean removeOrganizationMember(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String userId) {
		organizations.removeMember(actor, orgId("organizationId", organizationId), userId("userId", userId));
		return true;
	}

	@Audited("role.create")
	@MutationMapping
	RoleNode createRole(@AuthenticationPrincipal Actor actor, @Argument String organizationId, @Argument String name,
			@Argument List<String> permissions) {
		return RoleNode.of(roles.create(actor, orgId("organizationId", organizationId), name, permissions));
	}

	@Audited("role.update")
	@MutationMapping
	RoleNode updateRole(@AuthenticationPrincipal Actor actor, @Argument String organizationId, @Argument String id,
			@Argument @Nullable String name, @Argument @Nullable List<String> permissions) {
		return RoleNode
			.of(roles.update(actor, orgId("organizationId", organizationId), Inputs.uuid("id", id), name, permissions));
	}

	@Audited("role.delete")
	@MutationMapping
	boolean deleteRole(@AuthenticationPrincipal Actor actor, @Argument String organizationId, @Argument String id,
			@Argument @Nullable String replacement) {
		roles.delete(actor, orgId("organizationId", organizationId), Inputs.uuid("id", id), replacement);
		return true;
	}

	@Audited("project.create")
	@MutationMapping
	ProjectNode createProject(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String name, @Argument @Nullable String description, @Argument @Nullable String key) {
		return ProjectNode.of(projects.create(actor, orgId("organizationId", organizationId), name,
				description == null ? "" : description, java.util.Optional.ofNullable(key)));
	}

	@Audited("project.update")
	@MutationMapping
	ProjectNode updateProject(@AuthenticationPrincipal Actor actor, @Argument String id,
			@Argument @Nullable String name, @Argument @Nullable String description, @Argument @Nullable String key) {
		return ProjectNode
			.of(projects.update(actor, projectId("id", id), name == null ? Change.keep() : Change.set(name),
					description == null ? Change.keep() : Change.set(description),
					key == null ? Change.keep() : Change.set(key)));
	}

	@Audited("project.archive")
	@MutationMapping
	ProjectNode archiveProject(@AuthenticationPrincipal Actor actor, @Argument String id) {
		return ProjectNode.of(projects.archive(actor, projectId("id", id)));
	}

	@Audited("project.restore")
	@MutationMapping
	ProjectNode restoreProject(@AuthenticationPrincipal Actor actor, @Argument String id) {
		return ProjectNode.of(projects.restore(actor, projectId("id", id)));
	}

	@Audited("project.delete")
	@MutationMapping
	boolean deleteProject(@AuthenticationPrincipal Actor actor, @Argument String id) {
		projects.delete(actor, projectId("id", id));
		return true;
	}

	@Audited("project.member.add")
	@MutationMapping
	MemberNode addProjectMember(@AuthenticationPrincipal Actor actor, @Argument String projectId,
			@Argument @Nullable String email, @Argument @Nullable String userId, @Argument String role) {
		return MemberNode.of(projects.addMember(actor, projectId("projectId", projectId),
				UserRef.of("userId", userId, "email", email), role));
	}

	@Audited("project.member.change-role")
	@MutationMapping
	MemberNode changeProjectMemberRole(@AuthenticationPrincipal Actor actor, @Argument String projectId,
			@Argument String userId, @Argument String role) {
		return MemberNode
			.of(projects.changeRole(actor, projectId("projectId", projectId), userId("userId", userId), role));
	}

	@Audited("project.member.remove")
	@MutationMapping
	boolean removeProjectMember(@AuthenticationPrincipal Actor actor, @Argument String projectId,
			@Argument String userId) {
		projects.removeMember(actor, projectId("projectId", projectId), userId("userId", userId));
		return true;
	}

	@Audited("task.create")
	@MutationMapping
	TaskNode createTask(@AuthenticationPrincipal Actor actor, @Argument String projectId,
			@Argument Map<String, @Nullable Object> input) {
		NewTask task = NewTask.parse(text(input, "title"), text(input, "description"), text(input, "status"),
				text(input, "priority"), text(input, "visibility"), text(input, "assigneeId"),
				text(input, "assigneeEmail"), text(input, "dueDate"), TaskPlan.parse(text(input, "startDate"),
						input.get("estimateMinutes"), text(input, "milestoneId"), input.get("labelIds")));
		return TaskNode.of(tasks.create(actor, projectId("projectId", projectId), task));
	}

	/** A string field of an input object (the schema has typed it already). */
	private static @Nullable String text(Map<String, @Nullable Object> input, String field) {
		Object value = input.get(field);
		return value == null ? null : value.toString();
	}

	@Audited("task.update")
	@MutationMapping
	TaskNode updateTask(@AuthenticationPrincipal Actor actor, @Argument String id, @Argument int version,
			@Argument Map<String, @Nullable Object> input) {
		return TaskNode.of(tasks.update(actor, taskId("id", id), version, TaskChanges.parse(input)));
	}

	@Audited("task.delete")
	@MutationMapping
	boolean deleteTask(@AuthenticationPrincipal Actor actor, @Argument String id) {
		tasks.delete(actor, taskId("id", id));
		return true;
	}

	@Audited("comment.create")
	@MutationMapping
	CommentNode addComment(@AuthenticationPrincipal Actor actor, @Argument String taskId, @Argument String body) {
		return CommentNode.of(comments.create(actor, taskId("taskId", taskId), body));
	}

	@Audited("comment.update")
	@MutationMapping
	CommentNode updateComment(@AuthenticationPrincipal Actor actor, @Argument String id, @Argument String body) {
		return CommentNode.of(comments.update(actor, new CommentId(Inputs.uuid("id", id)), body));
	}

	@Audited("comment.delete")
	@MutationMapping
	boolean deleteComment(@AuthenticationPrincipal Actor actor, @Argument String id) {
		comments.delete(actor, new CommentId(Inputs.uuid("id", id)));
		return true;
	}

	@Audited("task.grant")
	@MutationMapping
	GrantNode grantTask(@AuthenticationPrincipal Actor actor, @Argument String taskId, @Argument @Nullable String email,
			@Argument @Nullable String userId, @Argument String role, @Argument @Nullable String expiresAt) {
		return GrantNode.of(grants.create(actor, taskId("taskId", taskId), UserRef.of("userId", userId, "email", email),
				role, Optional.ofNullable(expiresAt).map(e -> Inputs.instant("expiresAt", e))));
	}

	@Audited("task.grant.revoke")
	@MutationMapping
	boolean revokeTaskGrant(@AuthenticationPrincipal Actor actor, @Argument String taskId, @Argument String grantId) {
		grants.revoke(actor, taskId("taskId", taskId), Inputs.uuid("grantId", grantId));
		return true;
	}

	static OrgId orgId(String field, String value) {
		return new OrgId(Inputs.uuid(field, value));
	}

	static ProjectId projectId(String field, String value) {
		return new ProjectId(Inputs.uuid(field, value));
	}

	static TaskId taskId(String field, String value) {
		return new TaskId(Inputs.uuid(field, value));
	}

	static UserId userId(String field, String value) {
		return new UserId(Inputs.uuid(field, value));
	}

}
