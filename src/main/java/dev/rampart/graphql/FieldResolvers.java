package dev.rampart.graphql;

import dev.rampart.access.Roles;
import dev.rampart.audit.AuditLog;
import dev.rampart.audit.AuditPage;
import dev.rampart.audit.AuditQuery;
import dev.rampart.audit.Outcome;
import dev.rampart.graphql.Nodes.AuditEntryNode;
import dev.rampart.graphql.Nodes.CommentNode;
import dev.rampart.graphql.Nodes.Connection;
import dev.rampart.graphql.Nodes.GrantNode;
import dev.rampart.graphql.Nodes.MemberNode;
import dev.rampart.graphql.Nodes.OrganizationNode;
import dev.rampart.graphql.Nodes.ProjectNode;
import dev.rampart.graphql.Nodes.RoleNode;
import dev.rampart.graphql.Nodes.TaskNode;
import dev.rampart.graphql.Nodes.UserNode;
import dev.rampart.graphql.Nodes.Viewer;
import dev.rampart.identity.Accounts;
import dev.rampart.identity.UserProfile;
import dev.rampart.shared.Actor;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import dev.rampart.work.Comments;
import dev.rampart.work.Organizations;
import dev.rampart.work.PageRequest;
import dev.rampart.work.Projects;
import dev.rampart.work.TaskFilter;
import dev.rampart.work.TaskGrants;
import dev.rampart.work.Tasks;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/**
 * Nested fields. Lists below a parent are one service call each (with its own access
 * decision); per-item fields (assignee, author, comment count) are batched with
 * DataLoader, so a page of 100 tasks costs one statement per field, not one per task.
 */
@Controller
class FieldResolvers {

	private final Accounts accounts;

	private final Organizations organizations;

	private final Projects projects;

	private final Tasks tasks;

	private final Comments comments;

	private final TaskGrants grants;

	private final Roles roles;

	private final dev.rampart.work.Attachments attachments;

	private final AuditLog auditLog;

	private final dev.rampart.work.Checklists checklists;

	FieldResolvers(Accounts accounts, Organizations organizations, Projects projects, Tasks tasks, Comments comments,
			TaskGrants grants, Roles roles, dev.rampart.work.Attachments attachments, AuditLog auditLog,
			dev.rampart.work.Checklists checklists) {
		this.checklists = checklists;
		this.attachments = attachments;
		this.auditLog = auditLog;
		this.accounts = accounts;
		this.organizations = organizations;
		this.projects = projects;
		this.tasks = tasks;
		this.comments = comments;
		this.grants = grants;
		this.roles = roles;
	}

	@SchemaMapping(typeName = "Viewer")
	List<OrganizationNode> organizations(Viewer viewer, @AuthenticationPrincipal Actor actor) {
		return organizations.list(actor).stream().map(OrganizationNode::of).toList();
	}

	@SchemaMapping(typeName = "Viewer")
	Connection<TaskNode> assignedTasks(Viewer viewer, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		return Connection.of(tasks.assignedToMe(actor, PageRequest.connection(first, after)), TaskNode::of, after);
	}

	@SchemaMapping(typeName = "Viewer")
	Connection<TaskNode> sharedTasks(Viewer viewer, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		return Connection.of(tasks.sharedWithMe(actor, PageRequest.connection(first, after)), TaskNode::of, after);
	}

	@SchemaMapping(typeName = "Organization")
	List<MemberNode> members(OrganizationNode org, @AuthenticationPrincipal Actor actor) {
		return organizations.members(actor, GraphQlController.orgId("id", org.id()))
			.stream()
			.map(MemberNode::of)
			.toList();
	}

	@SchemaMapping(typeName = "Organization")
	List<ProjectNode> projects(OrganizationNode org, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable Boolean archived) {
		return projects.list(actor, GraphQlController.orgId("id", org.id()), Boolean.TRUE.equals(archived))
			.stream()
			.map(ProjectNode::of)
			.toList();
	}

	@SchemaMapping(typeName = "Organization")
	Connection<AuditEntryNode> auditLog(OrganizationNode org, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable Integer first, @Argument @Nullable String after,
			@Argument @Nullable Map<String, Object> filter) {
		Map<String, Object> f = filter == null ? Map.of() : filter;
		AuditQuery query = new AuditQuery(
				f.get("actorId") == null ? null
						: dev.rampart.shared.Inputs.uuid("actorId", f.get("actorId").toString()),
				(String) f.get("action"), (String) f.get("target"), outcome((String) f.get("outcome")),
				f.get("from") == null ? null : dev.rampart.shared.Inputs.periodStart("from", f.get("from").toString()),
				f.get("to") == null ? null : dev.rampart.shared.Inputs.periodEnd("to", f.get("to").toString()));
		AuditPage page = auditLog.page(actor, GraphQlController.orgId("id", org.id()), query, after,
				first == null ? 50 : first);
		// The activity log's cursor is the entry's place in the chain: each entry is its
		// own cursor.
		return Connection.of(
				page.entries().stream().map(entry -> AuditEntryNode.of(entry, page.actorName(entry))).toList(),
				page.entries().stream().map(entry -> Long.toString(entry.seq())).toList(), page.next() != null, after);
	}

	private static @Nullable Outcome outcome(@Nullable String value) {
		try {
			return value == null ? null : Outcome.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new dev.rampart.shared.InvalidInput("outcome", "must be success, denied, invalid or error");
		}
	}

	@SchemaMapping(typeName = "Organization")
	List<RoleNode> roles(OrganizationNode org, @AuthenticationPrincipal Actor actor) {
		return roles.list(actor, GraphQlController.orgId("id", org.id())).stream().map(RoleNode::of).toList();
	}

	@SchemaMapping(typeName = "Project", field = "members")
	List<MemberNode> projectMembers(ProjectNode project, @AuthenticationPrincipal Actor actor) {
		return projects.members(actor, GraphQlController.projectId("id", project.id()))
			.stream()
			.map(MemberNode::of)
			.toList();
	}

	@SchemaMapping(typeName = "Project")
	Connection<TaskNode> tasks(ProjectNode project, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable Integer first, @Argument @Nullable String after, @Argument @Nullable String status,
			@Argument @Nullable String assigneeId, @Argument @Nullable String search,
			@Argument @Nullable String priority, @Argument @Nullable String dueFrom, @Argument @Nullable String dueTo,
			@Argument @Nullable String orderBy, @Argument @Nullable String milestoneId,
			@Argument @Nullable String labelId, @Argument @Nullable String sprint) {
		TaskFilter filter = TaskFilter
			.parse(status, Optional.ofNullable(assigneeId).map(a -> GraphQlController.userId("assigneeId", a)), search,
					priority, dueFrom, dueTo, "orderBy", orderBy)
			.planned("milestoneId", milestoneId, "labelId", labelId)
			.inSprint("sprint", sprint);
		return Connection.of(tasks.list(actor, GraphQlController.projectId("id", project.id()), filter,
				PageRequest.connection(first, after)), TaskNode::of, after);
	}

	@SchemaMapping(typeName = "Project")
	OrganizationNode organization(ProjectNode project, @AuthenticationPrincipal Actor actor) {
		return OrganizationNode.of(organizations.get(actor, GraphQlController.orgId("id", project.organizationId())));
	}

	/**
	 * Rendered only when asked for: a board or a list needs no HTML of every description.
	 */
	@SchemaMapping(typeName = "Task")
	String descriptionHtml(TaskNode task) {
		return dev.rampart.work.RichText.html(task.description());
	}

	@SchemaMapping(typeName = "Task")
	ProjectNode project(TaskNode task, @AuthenticationPrincipal Actor actor) {
		return ProjectNode.of(projects.get(actor, GraphQlController.projectId("id", task.projectId())));
	}

	@SchemaMapping(typeName = "Task")
	Connection<CommentNode> comments(TaskNode task, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		return Connection.of(
				comments.list(actor, GraphQlController.taskId("id", task.id()), PageRequest.connection(first, after)),
				CommentNode::of, after);
	}

	/**
	 * Null for a reader who may not share the task (the decision refused it): the task
	 * itself stays readable, as REST's separate route leaves it.
	 */
	@SchemaMapping(typeName = "Task")
	@org.jspecify.annotations.Nullable
	List<GrantNode> grants(TaskNode task, @AuthenticationPrincipal Actor actor) {
		try {
			return grants.list(actor, GraphQlController.taskId("id", task.id())).stream().map(GrantNode::of).toList();
		}
		catch (dev.rampart.shared.Forbidden notSharer) {
			return null;
		}
	}

	@SchemaMapping(typeName = "Task")
	List<Nodes.AttachmentNode> attachments(TaskNode task, @AuthenticationPrincipal Actor actor) {
		return attachments.list(actor, GraphQlController.taskId("id", task.id()))
			.stream()
			.map(Nodes.AttachmentNode::of)
			.toList();
	}

	@BatchMapping(typeName = "Task")
	Map<TaskNode, UserNode> assignee(List<TaskNode> tasks, Authentication authentication) {
		return users(actor(authentication), tasks, TaskNode::assigneeId);
	}

	@BatchMapping(typeName = "Task")
	Map<TaskNode, UserNode> createdBy(List<TaskNode> tasks, Authentication authentication) {
		return users(actor(authentication), tasks, TaskNode::createdById);
	}

	@BatchMapping(typeName = "Task")
	Map<TaskNode, Integer> commentCount(List<TaskNode> tasks, Authentication authentication) {
		Map<TaskId, Integer> counts = comments.counts(actor(authentication),
				tasks.stream().map(t -> GraphQlController.taskId("id", t.id())).toList());
		Map<TaskNode, Integer> result = new HashMap<>();
		tasks.forEach(t -> result.put(t, counts.getOrDefault(GraphQlController.taskId("id", t.id()), 0)));
		return result;
	}

	/** The checklists of a page of tasks in one statement. */
	@BatchMapping(typeName = "Task")
	Map<TaskNode, List<Nodes.ChecklistItemNode>> checklist(List<TaskNode> tasks, Authentication authentication) {
		Map<TaskId, List<dev.rampart.work.ChecklistItem>> items = checklists.forTasks(actor(authentication),
				tasks.stream().map(t -> GraphQlController.taskId("id", t.id())).toList());
		Map<TaskNode, List<Nodes.ChecklistItemNode>> result = new HashMap<>();
		tasks.forEach(t -> result.put(t,
				items.getOrDefault(GraphQlController.taskId("id", t.id()), List.of())
					.stream()
					.map(Nodes.ChecklistItemNode::of)
					.toList()));
		return result;
	}

	@BatchMapping(typeName = "ChecklistItem")
	Map<Nodes.ChecklistItemNode, UserNode> doneBy(List<Nodes.ChecklistItemNode> items, Authentication authentication) {
		return users(actor(authentication), items, Nodes.ChecklistItemNode::doneById);
	}

	@BatchMapping(typeName = "Comment")
	Map<CommentNode, UserNode> author(List<CommentNode> comments, Authentication authentication) {
		return users(actor(authentication), comments, CommentNode::authorId);
	}

	/**
	 * One statement for all the users a batch of parents names; users the actor cannot
	 * see stay null.
	 */
	private <P> Map<P, UserNode> users(Actor actor, Collection<P> parents, Function<P, @Nullable String> userOf) {
		List<UserId> ids = parents.stream()
			.map(userOf)
			.filter(java.util.Objects::nonNull)
			.map(id -> GraphQlController.userId("userId", id))
			.distinct()
			.toList();
		Map<UserId, UserProfile> profiles = ids.isEmpty() ? Map.of() : accounts.profiles(actor, ids);
		Map<P, UserNode> result = new HashMap<>();
		for (P parent : parents) {
			String id = userOf.apply(parent);
			UserProfile profile = id == null ? null : profiles.get(GraphQlController.userId("userId", id));
			if (profile != null) {
				result.put(parent, UserNode.of(profile));
			}
		}
		return result;
	}

	static Actor actor(Authentication authentication) {
		return (Actor) authentication.getPrincipal();
	}

}
