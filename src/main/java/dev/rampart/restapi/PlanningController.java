package dev.rampart.restapi;

import dev.rampart.restapi.Views.LabelView;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.restapi.Views.MilestoneView;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.work.Change;
import dev.rampart.work.Labels;
import dev.rampart.work.Milestone;
import dev.rampart.work.Milestones;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A project's milestones and an organization's labels. */
@Tag(name = "Planning", description = "Milestones of a project, labels of an organization.")
@RestController
@RequestMapping("/api/v1")
class PlanningController {

	record NewMilestoneRequest(@NotBlank @Size(max = Milestones.NAME_MAX) @Nullable String name,
			@io.swagger.v3.oas.annotations.media.Schema(format = "date") @Size(max = 10) @Nullable String dueDate) {
	}

	/** A merge patch of a milestone: what is left out stays, null clears dueDate. */
	record MilestonePatch(@Nullable String name,
			@io.swagger.v3.oas.annotations.media.Schema(format = "date") @Nullable String dueDate,
			@io.swagger.v3.oas.annotations.media.Schema(allowableValues = {
					"open", "closed" }) @Nullable String state){
	}

	record NewLabelRequest(@NotBlank @Size(max = Labels.NAME_MAX) @Nullable String name,
			@io.swagger.v3.oas.annotations.media.Schema(example = "#1f6feb") @NotBlank @Size(
					max = 7) @Nullable String colour) {
	}

	record LabelChangesRequest(@Size(min = 1, max = Labels.NAME_MAX) @Nullable String name,
			@Size(max = 7) @Nullable String colour) {
	}

	private final Milestones milestones;

	private final Labels labels;

	PlanningController(Milestones milestones, Labels labels) {
		this.milestones = milestones;
		this.labels = labels;
	}

	@Operation(operationId = "listMilestones", summary = "List a project's milestones",
			description = "By due date, with their progress counted over the tasks you may see.")
	@GetMapping("/projects/{projectId}/milestones")
	ListView<MilestoneView> listMilestones(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return Views.list(milestones.list(actor, new ProjectId(projectId)), MilestoneView::of);
	}

	@Audited("milestone.create")
	@Operation(operationId = "createMilestone", summary = "Add a milestone to a project",
			description = "Needs the right to update the project.")
	@PostMapping("/projects/{projectId}/milestones")
	ResponseEntity<MilestoneView> createMilestone(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@Valid @RequestBody NewMilestoneRequest request) {
		MilestoneView milestone = MilestoneView
			.of(milestones.create(actor, new ProjectId(projectId), Inputs.required("name", request.name()),
					Optional.ofNullable(request.dueDate()).map(d -> Inputs.date("dueDate", d))));
		return Views.created(milestone, "/api/v1/milestones/{milestoneId}", milestone.id());
	}

	@Operation(operationId = "getMilestone", summary = "Read a milestone")
	@GetMapping("/milestones/{milestoneId}")
	MilestoneView getMilestone(@AuthenticationPrincipal Actor actor, @PathVariable UUID milestoneId) {
		return MilestoneView.of(milestones.get(actor, milestoneId));
	}

	@Audited("milestone.update")
	@Operation(operationId = "updateMilestone", summary = "Rename, reschedule, close or reopen a milestone",
			description = "A JSON merge patch: fields left out keep their value, null clears dueDate.")
	@PatchMapping("/milestones/{milestoneId}")
	MilestoneView updateMilestone(@AuthenticationPrincipal Actor actor, @PathVariable UUID milestoneId,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @io.swagger.v3.oas.annotations.media.Content(
							schema = @io.swagger.v3.oas.annotations.media.Schema(
									implementation = MilestonePatch.class))) @RequestBody Map<String, Object> body) {
		for (String field : body.keySet()) {
			if (!java.util.List.of("name", "dueDate", "state").contains(field)) {
				throw new dev.rampart.shared.InvalidInput(field,
						"is not a field of a milestone; the fields are name, dueDate, state");
			}
		}
		return MilestoneView.of(milestones.update(actor, milestoneId,
				Change.from(body, "name", false, java.util.function.Function.identity()),
				Change.from(body, "dueDate", true, d -> Inputs.date("dueDate", d)),
				Change.from(body, "state", false, s -> Milestone.State.parse("state", s))));
	}

	@Audited("milestone.delete")
	@Operation(operationId = "deleteMilestone", summary = "Delete a milestone",
			description = "Its tasks stay, without a milestone.")
	@DeleteMapping("/milestones/{milestoneId}")
	ResponseEntity<Void> deleteMilestone(@AuthenticationPrincipal Actor actor, @PathVariable UUID milestoneId) {
		milestones.delete(actor, milestoneId);
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listLabels", summary = "List an organization's labels", description = "By name.")
	@GetMapping("/orgs/{orgId}/labels")
	ListView<LabelView> listLabels(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return Views.list(labels.list(actor, new OrgId(orgId)), LabelView::of);
	}

	@Audited("label.create")
	@Operation(operationId = "createLabel", summary = "Add a label to an organization",
			description = "Owners and admins. Names are unique in the organization, in any case.")
	@PostMapping("/orgs/{orgId}/labels")
	ResponseEntity<LabelView> createLabel(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody NewLabelRequest request) {
		LabelView label = LabelView.of(labels.create(actor, new OrgId(orgId), Inputs.required("name", request.name()),
				Inputs.required("colour", request.colour())));
		return Views.created(label, "/api/v1/orgs/{orgId}/labels/{labelId}", orgId, label.id());
	}

	@Audited("label.update")
	@Operation(operationId = "updateLabel", summary = "Rename or recolour a label")
	@PatchMapping("/orgs/{orgId}/labels/{labelId}")
	LabelView updateLabel(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId, @PathVariable UUID labelId,
			@Valid @RequestBody LabelChangesRequest request) {
		return LabelView.of(labels.update(actor, new OrgId(orgId), labelId, request.name(), request.colour()));
	}

	@Audited("label.delete")
	@Operation(operationId = "deleteLabel", summary = "Delete a label", description = "It comes off every task.")
	@DeleteMapping("/orgs/{orgId}/labels/{labelId}")
	ResponseEntity<Void> deleteLabel(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID labelId) {
		labels.delete(actor, new OrgId(orgId), labelId);
		return ResponseEntity.noContent().build();
	}

}
