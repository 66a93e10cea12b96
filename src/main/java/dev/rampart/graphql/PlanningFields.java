package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.LabelNode;
import dev.rampart.graphql.Nodes.MilestoneNode;
import dev.rampart.graphql.Nodes.OrganizationNode;
import dev.rampart.graphql.Nodes.ProjectNode;
import dev.rampart.graphql.Nodes.TaskNode;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.work.Change;
import dev.rampart.work.Label;
import dev.rampart.work.Labels;
import dev.rampart.work.Milestone;
import dev.rampart.work.Milestones;
import dev.rampart.work.Tasks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/**
 * Milestones, labels and task keys: the same services and decisions as REST's; a page of
 * tasks reads its milestones and labels in one statement each.
 */
@Controller
class PlanningFields {

	private final Milestones milestones;

	private final Labels labels;

	private final Tasks tasks;

	PlanningFields(Milestones milestones, Labels labels, Tasks tasks) {
		this.milestones = milestones;
		this.labels = labels;
		this.tasks = tasks;
	}

	@QueryMapping
	TaskNode taskByKey(@AuthenticationPrincipal Actor actor, @Argument String organizationId, @Argument String key) {
		return TaskNode.of(tasks.byKey(actor, GraphQlController.orgId("organizationId", organizationId), key));
	}

	@SchemaMapping(typeName = "Organization")
	List<LabelNode> labels(OrganizationNode org, @AuthenticationPrincipal Actor actor) {
		return labels.list(actor, GraphQlController.orgId("id", org.id())).stream().map(LabelNode::of).toList();
	}

	@SchemaMapping(typeName = "Project")
	List<MilestoneNode> milestones(ProjectNode project, @AuthenticationPrincipal Actor actor) {
		return milestones.list(actor, GraphQlController.projectId("id", project.id()))
			.stream()
			.map(MilestoneNode::of)
			.toList();
	}

	/**
	 * The milestones of a page of tasks in one statement; one the caller cannot see is
	 * null.
	 */
	@BatchMapping(typeName = "Task")
	Map<TaskNode, MilestoneNode> milestone(List<TaskNode> page, Authentication authentication) {
		Map<UUID, Milestone> found = milestones.byIds(FieldResolvers.actor(authentication),
				page.stream()
					.map(TaskNode::milestoneId)
					.filter(java.util.Objects::nonNull)
					.map(UUID::fromString)
					.distinct()
					.toList());
		Map<TaskNode, MilestoneNode> result = new HashMap<>();
		page.forEach(task -> Optional.ofNullable(task.milestoneId())
			.map(id -> found.get(UUID.fromString(id)))
			.ifPresent(m -> result.put(task, MilestoneNode.of(m))));
		return result;
	}

	/** The labels of a page of tasks in one statement, in the order they were put on. */
	@BatchMapping(typeName = "Task")
	Map<TaskNode, List<LabelNode>> labels(List<TaskNode> page, Authentication authentication) {
		Map<UUID, Label> found = labels.byIds(FieldResolvers.actor(authentication),
				page.stream().flatMap(t -> t.labelIds().stream()).map(UUID::fromString).distinct().toList());
		Map<TaskNode, List<LabelNode>> result = new HashMap<>();
		page.forEach(task -> result.put(task,
				task.labelIds()
					.stream()
					.map(id -> found.get(UUID.fromString(id)))
					.filter(java.util.Objects::nonNull)
					.map(LabelNode::of)
					.toList()));
		return result;
	}

	@Audited("milestone.create")
	@MutationMapping
	MilestoneNode createMilestone(@AuthenticationPrincipal Actor actor, @Argument String projectId,
			@Argument String name, @Argument @Nullable String dueDate) {
		return MilestoneNode.of(milestones.create(actor, GraphQlController.projectId("projectId", projectId), name,
				Optional.ofNullable(dueDate).map(d -> Inputs.date("dueDate", d))));
	}

	@Audited("milestone.update")
	@MutationMapping
	MilestoneNode updateMilestone(@AuthenticationPrincipal Actor actor, @Argument String id,
			@Argument Map<String, @Nullable Object> input) {
		return MilestoneNode.of(milestones.update(actor, Inputs.uuid("id", id),
				Change.from(input, "name", false, java.util.function.Function.identity()),
				Change.from(input, "dueDate", true, d -> Inputs.date("dueDate", d)),
				Change.from(input, "state", false, s -> Milestone.State.parse("state", s))));
	}

	@Audited("milestone.delete")
	@MutationMapping
	boolean deleteMilestone(@AuthenticationPrincipal Actor actor, @Argument String id) {
		milestones.delete(actor, Inputs.uuid("id", id));
		return true;
	}

	@Audited("label.create")
	@MutationMapping
	LabelNode createLabel(@AuthenticationPrincipal Actor actor, @Argument String organizationId, @Argument String name,
			@Argument String colour) {
		return LabelNode
			.of(labels.create(actor, GraphQlController.orgId("organizationId", organizationId), name, colour));
	}

	@Audited("label.update")
	@MutationMapping
	LabelNode updateLabel(@AuthenticationPrincipal Actor actor, @Argument String organizationId, @Argument String id,
			@Argument @Nullable String name, @Argument @Nullable String colour) {
		return LabelNode.of(labels.update(actor, GraphQlController.orgId("organizationId", organizationId),
				Inputs.uuid("id", id), name, colour));
	}

	@Audited("label.delete")
	@MutationMapping
	boolean deleteLabel(@AuthenticationPrincipal Actor actor, @Argument String organizationId, @Argument String id) {
		labels.delete(actor, GraphQlController.orgId("organizationId", organizationId), Inputs.uuid("id", id));
		return true;
	}

}
