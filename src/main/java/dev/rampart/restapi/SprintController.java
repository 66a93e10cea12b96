package dev.rampart.restapi;

import dev.rampart.restapi.Views.ListView;
import dev.rampart.restapi.Views.TaskView;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.work.Change;
import dev.rampart.work.Sprint;
import dev.rampart.work.SprintReports;
import dev.rampart.work.Sprints;
import dev.rampart.work.Tasks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Sprints of a project, planning tasks into them, burndown and velocity. */
@Tag(name = "Sprints", description = "Time boxes of a project, the tasks planned into them, burndown and velocity.")
@RestController
@RequestMapping("/api/v1")
class SprintController {

	record SprintView(UUID id, UUID projectId, String name, String goal, LocalDate startDate, LocalDate endDate,
			String state, @Nullable Instant startedAt, @Nullable Instant closedAt, int version, int taskCount,
			int points, int donePoints, Instant createdAt, Instant updatedAt) {
		static SprintView of(Sprint s) {
			return new SprintView(s.id(), s.projectId().value(), s.name(), s.goal(), s.startDate(), s.endDate(),
					s.state().wireName(), s.startedAt().orElse(null), s.closedAt().orElse(null), s.version(),
					s.taskCount(), s.points(), s.donePoints(), s.createdAt(), s.updatedAt());
		}
	}

	record NewSprintRequest(@NotBlank @Size(max = Sprints.NAME_MAX) @Nullable String name,
			@Size(max = Sprints.GOAL_MAX) @Nullable String goal,
			@io.swagger.v3.oas.annotations.media.Schema(format = "date") @NotBlank @Size(
					max = 10) @Nullable String startDate,
			@io.swagger.v3.oas.annotations.media.Schema(format = "date") @NotBlank @Size(
					max = 10) @Nullable String endDate) {
	}

	/** A merge patch of a sprint: what is left out stays. */
	record SprintPatch(@Nullable String name, @Nullable String goal,
			@io.swagger.v3.oas.annotations.media.Schema(format = "date") @Nullable String startDate,
			@io.swagger.v3.oas.annotations.media.Schema(format = "date") @Nullable String endDate) {
	}

	record CloseSprintRequest(@io.swagger.v3.oas.annotations.media.Schema(
			description = "A planned or the active sprint for the unfinished tasks; none: the backlog") @Nullable UUID nextSprintId) {
	}

	record MoveTaskRequest(@io.swagger.v3.oas.annotations.media.Schema(
			description = "A planned or the active sprint of the task's project; null: the backlog") @Nullable UUID sprintId,
			@Nullable UUID afterTaskId, @Nullable UUID beforeTaskId) {
	}

	record BurndownDayView(LocalDate date, @Nullable Integer remaining, @Nullable Integer scope, double ideal) {
	}

	record BurndownView(SprintView sprint, int committed, List<BurndownDayView> days) {
	}

	record VelocityEntryView(SprintView sprint, int committed, int completed) {
	}

	record VelocityView(List<VelocityEntryView> sprints, double average) {
	}

	private final Sprints sprints;

	private final SprintReports reports;

	SprintController(Sprints sprints, SprintReports reports) {
		this.sprints = sprints;
		this.reports = reports;
	}

	@Operation(operationId = "listSprints", summary = "List a project's sprints",
			description = "By start date, with the tasks planned into each that you may see.")
	@GetMapping("/projects/{projectId}/sprints")
	ListView<SprintView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return Views.list(sprints.list(actor, new ProjectId(projectId)), SprintView::of);
	}

	@Audited("sprint.create")
	@Operation(operationId = "createSprint", summary = "Add a planned sprint to a project",
			description = "Needs the right to update the project.")
	@PostMapping("/projects/{projectId}/sprints")
	ResponseEntity<SprintView> create(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@Valid @RequestBody NewSprintRequest request) {
		SprintView sprint = SprintView.of(sprints.create(actor, new ProjectId(projectId),
				Inputs.required("name", request.name()), Optional.ofNullable(request.goal()).orElse(""),
				Inputs.date("startDate", Inputs.required("startDate", request.startDate())),
				Inputs.date("endDate", Inputs.required("endDate", request.endDate()))));
		return Views.created(sprint, "/api/v1/sprints/{sprintId}", sprint.id());
	}

	@Operation(operationId = "getSprint", summary = "Read a sprint", description = "With its ETag (the version).")
	@GetMapping("/sprints/{sprintId}")
	ResponseEntity<SprintView> get(@AuthenticationPrincipal Actor actor, @PathVariable UUID sprintId) {
		return viewed(sprints.get(actor, sprintId));
	}

	@Audited("sprint.update")
	@Operation(operationId = "updateSprint", summary = "Rename a sprint, change its goal or dates",
			description = "A JSON merge patch; If-Match (the ETag you read, or *) guards concurrent edits. A closed sprint keeps its dates.")
	@PatchMapping("/sprints/{sprintId}")
	ResponseEntity<SprintView> update(@AuthenticationPrincipal Actor actor, @PathVariable UUID sprintId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @io.swagger.v3.oas.annotations.media.Content(
							schema = @io.swagger.v3.oas.annotations.media.Schema(
									implementation = SprintPatch.class))) @RequestBody Map<String, Object> body) {
		for (String field : body.keySet()) {
			if (!List.of("name", "goal", "startDate", "endDate").contains(field)) {
				throw new InvalidInput(field,
						"is not a field of a sprint; the fields are name, goal, startDate, endDate");
			}
		}
		return viewed(sprints.update(actor, sprintId, TemplateController.revision(ifMatch).orElse(Tasks.ANY_VERSION),
				Change.from(body, "name", false, Function.identity()),
				Change.from(body, "goal", false, Function.identity()),
				Change.from(body, "startDate", false, d -> Inputs.date("startDate", d)),
				Change.from(body, "endDate", false, d -> Inputs.date("endDate", d))));
	}

	@Audited("sprint.start")
	@Operation(operationId = "startSprint", summary = "Start a planned sprint",
			description = "It becomes the project's active sprint; 409 if another is active.")
	@PostMapping("/sprints/{sprintId}/start")
	ResponseEntity<SprintView> start(@AuthenticationPrincipal Actor actor, @PathVariable UUID sprintId) {
		return viewed(sprints.start(actor, sprintId));
	}

	@Audited("sprint.close")
	@Operation(operationId = "closeSprint", summary = "Close the active sprint",
			description = "Its unfinished tasks (not in a done status) move to nextSprintId, or to the backlog without it.")
	@PostMapping("/sprints/{sprintId}/close")
	ResponseEntity<SprintView> close(@AuthenticationPrincipal Actor actor, @PathVariable UUID sprintId,
			@Valid @RequestBody(required = false) @Nullable CloseSprintRequest request) {
		return viewed(
				sprints.close(actor, sprintId, Optional.ofNullable(request).map(CloseSprintRequest::nextSprintId)));
	}

	@Audited("sprint.delete")
	@Operation(operationId = "deleteSprint", summary = "Delete a sprint",
			description = "Its tasks go back to the backlog.")
	@DeleteMapping("/sprints/{sprintId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID sprintId) {
		sprints.delete(actor, sprintId);
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "sprintBurndown", summary = "A sprint's burndown",
			description = "Remaining points at the end of each day (UTC), computed from the recorded changes of the tasks you may see, with the ideal line.")
	@GetMapping("/sprints/{sprintId}/burndown")
	BurndownView burndown(@AuthenticationPrincipal Actor actor, @PathVariable UUID sprintId) {
		SprintReports.Burndown burndown = reports.burndown(actor, sprintId);
		return new BurndownView(SprintView.of(burndown.sprint()), burndown.committed(), burndown.days()
			.stream()
			.map(d -> new BurndownDayView(d.date(), d.remaining().orElse(null), d.scope().orElse(null), d.ideal()))
			.toList());
	}

	@Operation(operationId = "projectVelocity", summary = "A project's velocity",
			description = "Points committed and completed by each of the last ten closed sprints.")
	@GetMapping("/projects/{projectId}/velocity")
	VelocityView velocity(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		SprintReports.Velocity velocity = reports.velocity(actor, new ProjectId(projectId));
		return new VelocityView(velocity.sprints()
			.stream()
			.map(e -> new VelocityEntryView(SprintView.of(e.sprint()), e.committed(), e.completed()))
			.toList(), velocity.average());
	}

	@Audited("task.move")
	@Operation(operationId = "moveTask", summary = "Plan a task into a sprint or the backlog, at a place",
			description = "Right after afterTaskId, right before beforeTaskId, between both, or at the end without either. Needs the right to update the task.")
	@PostMapping("/tasks/{taskId}/move")
	ResponseEntity<TaskView> move(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@Valid @RequestBody MoveTaskRequest request) {
		var moved = sprints.move(actor, new TaskId(taskId), Optional.ofNullable(request.sprintId()),
				Optional.ofNullable(request.afterTaskId()).map(TaskId::new),
				Optional.ofNullable(request.beforeTaskId()).map(TaskId::new));
		return ResponseEntity.ok().eTag(TemplateController.etag(moved.version())).body(TaskView.of(moved));
	}

	private static ResponseEntity<SprintView> viewed(Sprint sprint) {
		return ResponseEntity.ok().eTag(TemplateController.etag(sprint.version())).body(SprintView.of(sprint));
	}

}
