package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.TaskNode;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.TaskId;
import dev.rampart.work.Dependencies;
import dev.rampart.work.TaskLinks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/** Task dependencies: the same service and decisions as REST's. */
@Controller
class DependencyMutations {

	private final Dependencies dependencies;

	private final dev.rampart.work.Tasks tasks;

	DependencyMutations(Dependencies dependencies, dev.rampart.work.Tasks tasks) {
		this.dependencies = dependencies;
		this.tasks = tasks;
	}

	@BatchMapping(typeName = "Task")
	Map<TaskNode, List<TaskNode>> blockedBy(List<TaskNode> nodes, Authentication authentication) {
		return links(nodes, authentication, true);
	}

	@BatchMapping(typeName = "Task")
	Map<TaskNode, List<TaskNode>> blocks(List<TaskNode> nodes, Authentication authentication) {
		return links(nodes, authentication, false);
	}

	/** One statement for a page of tasks, in either direction. */
	private Map<TaskNode, List<TaskNode>> links(List<TaskNode> nodes, Authentication authentication,
			boolean blockedBy) {
		Map<TaskId, TaskLinks> links = dependencies.forTasks((Actor) authentication.getPrincipal(),
				nodes.stream().map(n -> GraphQlController.taskId("id", n.id())).toList());
		Map<TaskNode, List<TaskNode>> result = new HashMap<>();
		for (TaskNode node : nodes) {
			TaskLinks found = links.get(GraphQlController.taskId("id", node.id()));
			List<dev.rampart.work.Task> linked = found == null ? List.of()
					: blockedBy ? found.blockedBy() : found.blocks();
			result.put(node, linked.stream().map(TaskNode::of).toList());
		}
		return result;
	}

	@Audited("task.dependency.add")
	@MutationMapping
	TaskNode addTaskDependency(@AuthenticationPrincipal Actor actor, @Argument String taskId,
			@Argument String blockerId) {
		TaskId task = GraphQlController.taskId("taskId", taskId);
		dependencies.add(actor, task, GraphQlController.taskId("blockerId", blockerId));
		return TaskNode.of(tasks.get(actor, task));
	}

	@Audited("task.dependency.remove")
	@MutationMapping
	boolean removeTaskDependency(@AuthenticationPrincipal Actor actor, @Argument String taskId,
			@Argument String blockerId) {
		dependencies.remove(actor, GraphQlController.taskId("taskId", taskId),
				GraphQlController.taskId("blockerId", blockerId));
		return true;
	}

}
