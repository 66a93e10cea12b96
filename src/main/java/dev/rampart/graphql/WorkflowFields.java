package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.OrganizationNode;
import dev.rampart.graphql.Nodes.ProjectNode;
import dev.rampart.graphql.Nodes.TaskNode;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.work.TaskStatus;
import dev.rampart.work.Workflow;
import dev.rampart.work.WorkflowChange;
import dev.rampart.work.Workflows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/**
 * Workflows over GraphQL: the same service and decisions as REST's. A page of tasks reads
 * the workflows of its projects once (three statements), not one per task.
 */
@Controller
class WorkflowFields {

	private final Workflows workflows;

	WorkflowFields(Workflows workflows) {
		this.workflows = workflows;
	}

	record WorkflowNode(int revision, List<StatusNode> statuses, List<TransitionNode> transitions) {
		static WorkflowNode of(Workflow w) {
			return new WorkflowNode(w.revision(), w.statuses().stream().map(StatusNode::of).toList(),
					w.transitions().stream().map(t -> new TransitionNode(t.from(), t.to(), t.roles())).toList());
		}
	}

	record StatusNode(String key, String name, String colour, String category) {
		static StatusNode of(Workflow.Status s) {
			return new StatusNode(s.key(), s.name(), s.colour(), s.category().wireName());
		}
	}

	record TransitionNode(String from, String to, List<String> roles) {
	}

	@SchemaMapping(typeName = "Project")
	WorkflowNode workflow(ProjectNode project, @AuthenticationPrincipal Actor actor) {
		return WorkflowNode.of(workflows.ofProject(actor, GraphQlController.projectId("id", project.id())));
	}

	@SchemaMapping(typeName = "Organization")
	WorkflowNode defaultWorkflow(OrganizationNode org, @AuthenticationPrincipal Actor actor) {
		return WorkflowNode.of(workflows.organizationDefault(actor, GraphQlController.orgId("id", org.id())));
	}

	/**
	 * The status of each task of a page, from its project's workflow, read once a page.
	 */
	@BatchMapping(typeName = "Task")
	Map<TaskNode, StatusNode> state(List<TaskNode> page, Authentication authentication) {
		Map<ProjectId, Workflow> found = workflows.ofProjects(FieldResolvers.actor(authentication),
				page.stream().map(t -> GraphQlController.projectId("projectId", t.projectId())).distinct().toList());
		Map<TaskNode, StatusNode> result = new HashMap<>();
		page.forEach(task -> {
			Workflow workflow = found.get(GraphQlController.projectId("projectId", task.projectId()));
			if (workflow != null) {
				workflow.status(task.status()).ifPresent(s -> result.put(task, StatusNode.of(s)));
			}
		});
		return result;
	}

	@SchemaMapping(typeName = "Task")
	List<StatusNode> nextStatuses(TaskNode task, @AuthenticationPrincipal Actor actor) {
		return workflows
			.nextStatuses(actor, new TaskId(java.util.UUID.fromString(task.id())), new TaskStatus(task.status()))
			.stream()
			.map(StatusNode::of)
			.toList();
	}

	@Audited("workflow.update")
	@MutationMapping
	WorkflowNode changeProjectWorkflow(@AuthenticationPrincipal Actor actor, @Argument String projectId,
			@Argument @Nullable Integer expectedRevision, @Argument Map<String, Object> input) {
		return WorkflowNode.of(workflows.changeProject(actor, GraphQlController.projectId("projectId", projectId),
				expectedRevision == null ? Workflows.ANY_REVISION : expectedRevision,
				WorkflowChange.parse(input, workflows.maxStatuses())));
	}

	@Audited("workflow.update")
	@MutationMapping
	WorkflowNode changeDefaultWorkflow(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument @Nullable Integer expectedRevision, @Argument Map<String, Object> input) {
		return WorkflowNode.of(workflows.changeDefault(actor, GraphQlController.orgId("organizationId", organizationId),
				expectedRevision == null ? Workflows.ANY_REVISION : expectedRevision,
				WorkflowChange.parse(input, workflows.maxStatuses())));
	}

}
