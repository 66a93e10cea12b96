package dev.rampart.graphql;

import dev.rampart.shared.Audited;
import dev.rampart.graphql.Nodes.ProjectNode;
import dev.rampart.graphql.Nodes.TaskNode;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.TaskId;
import dev.rampart.work.Change;
import dev.rampart.work.Sprint;
import dev.rampart.work.SprintReports;
import dev.rampart.work.Sprints;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
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
 * Sprints, planning, burndown and velocity: the same services and decisions as REST's.
 */
@Controller
class SprintFields {

	private final Sprints sprints;

	private final SprintReports reports;

	SprintFields(Sprints sprints, SprintReports reports) {
		this.sprints = sprints;
		this.reports = reports;
	}

	record SprintNode(String id, String projectId, String name, String goal, String startDate, String endDate,
			String state, @Nullable String startedAt, @Nullable String closedAt, int version, int taskCount, int points,
			int donePoints, String createdAt, String updatedAt) {
		static SprintNode of(Sprint s) {
			return new SprintNode(s.id().toString(), s.projectId().value().toString(), s.name(), s.goal(),
					s.startDate().toString(), s.endDate().toString(), s.state().wireName(),
					s.startedAt().map(Object::toString).orElse(null), s.closedAt().map(Object::toString).orElse(null),
					s.version(), s.taskCount(), s.points(), s.donePoints(), s.createdAt().toString(),
					s.updatedAt().toString());
		}
	}

	record BurndownDayNode(String date, @Nullable Integer remaining, @Nullable Integer scope, double ideal) {
	}

	record BurndownNode(int committed, List<BurndownDayNode> days) {
	}

	record VelocitySprintNode(SprintNode sprint, int committed, int completed) {
	}

	record VelocityNode(List<VelocitySprintNode> sprints, double average) {
	}

	@QueryMapping
	SprintNode sprint(@AuthenticationPrincipal Actor actor, @Argument String id) {
		return SprintNode.of(sprints.get(actor, Inputs.uuid("id", id)));
	}

	@SchemaMapping(typeName = "Project")
	List<SprintNode> sprints(ProjectNode project, @AuthenticationPrincipal Actor actor) {
		return sprints.list(actor, GraphQlController.projectId("id", project.id()))
			.stream()
			.map(SprintNode::of)
			.toList();
	}

	@SchemaMapping(typeName = "Project")
	VelocityNode velocity(ProjectNode project, @AuthenticationPrincipal Actor actor) {
		SprintReports.Velocity velocity = reports.velocity(actor, GraphQlController.projectId("id", project.id()));
		return new VelocityNode(velocity.sprints()
			.stream()
			.map(e -> new VelocitySprintNode(SprintNode.of(e.sprint()), e.committed(), e.completed()))
			.toList(), velocity.average());
	}

	@SchemaMapping(typeName = "Sprint")
	BurndownNode burndown(SprintNode sprint, @AuthenticationPrincipal Actor actor) {
		SprintReports.Burndown burndown = reports.burndown(actor, Inputs.uuid("id", sprint.id()));
		return new BurndownNode(burndown.committed(),
				burndown.days()
					.stream()
					.map(d -> new BurndownDayNode(d.date().toString(), d.remaining().orElse(null),
							d.scope().orElse(null), d.ideal()))
					.toList());
	}

	/**
	 * The sprints of a page of tasks in one statement; one the caller cannot see is null.
	 */
	@BatchMapping(typeName = "Task")
	Map<TaskNode, SprintNode> sprint(List<TaskNode> page, Authentication authentication) {
		Map<UUID, Sprint> found = sprints.byIds(FieldResolvers.actor(authentication),
				page.stream()
					.map(TaskNode::sprintId)
					.filter(java.util.Objects::nonNull)
					.map(UUID::fromString)
					.distinct()
					.toList());
		Map<TaskNode, SprintNode> result = new java.util.HashMap<>();
		for (TaskNode task : page) {
			if (task.sprintId() != null) {
				Sprint sprint = found.get(UUID.fromString(task.sprintId()));
				if (sprint != null) {
					result.put(task, SprintNode.of(sprint));
				}
			}
		}
		return result;
	}

	@Audited("sprint.create")
	@MutationMapping
	SprintNode createSprint(@AuthenticationPrincipal Actor actor, @Argument String projectId,
			@Argument Map<String, @Nullable Object> input) {
		return SprintNode.of(sprints.create(actor, GraphQlController.projectId("projectId", projectId),
				Inputs.required("name", (String) input.get("name")),
				Optional.ofNullable((String) input.get("goal")).orElse(""),
				Inputs.date("startDate", Inputs.required("startDate", (String) input.get("startDate"))),
				Inputs.date("endDate", Inputs.required("endDate", (String) input.get("endDate")))));
	}

	@Audited("sprint.update")
	@MutationMapping
	SprintNode updateSprint(@AuthenticationPrincipal Actor actor, @Argument String id, @Argument int version,
			@Argument Map<String, @Nullable Object> input) {
		return SprintNode.of(sprints.update(actor, Inputs.uuid("id", id), version,
				Change.from(input, "name", false, Function.identity()),
				Change.from(input, "goal", false, Function.identity()),
				Change.from(input, "startDate", false, d -> Inputs.date("startDate", d)),
				Change.from(input, "endDate", false, d -> Inputs.date("endDate", d))));
	}

	@Audited("sprint.start")
	@MutationMapping
	SprintNode startSprint(@AuthenticationPrincipal Actor actor, @Argument String id) {
		return SprintNode.of(sprints.start(actor, Inputs.uuid("id", id)));
	}

	@Audited("sprint.close")
	@MutationMapping
	SprintNode closeSprint(@AuthenticationPrincipal Actor actor, @Argument String id,
			@Argument @Nullable String nextSprintId) {
		return SprintNode.of(sprints.close(actor, Inputs.uuid("id", id),
				Optional.ofNullable(nextSprintId).map(n -> Inputs.uuid("nextSprintId", n))));
	}

	@Audited("sprint.delete")
	@MutationMapping
	boolean deleteSprint(@AuthenticationPrincipal Actor actor, @Argument String id) {
		sprints.delete(actor, Inputs.uuid("id", id));
		return true;
	}

	@Audited("task.move")
	@MutationMapping
	TaskNode moveTask(@AuthenticationPrincipal Actor actor, @Argument String id, @Argument @Nullable String sprintId,
			@Argument @Nullable String afterTaskId, @Argument @Nullable String beforeTaskId) {
		return TaskNode.of(sprints.move(actor, GraphQlController.taskId("id", id),
				Optional.ofNullable(sprintId).map(s -> Inputs.uuid("sprintId", s)),
				Optional.ofNullable(afterTaskId).map(a -> new TaskId(Inputs.uuid("afterTaskId", a))),
				Optional.ofNullable(beforeTaskId).map(b -> new TaskId(Inputs.uuid("beforeTaskId", b)))));
	}

}
