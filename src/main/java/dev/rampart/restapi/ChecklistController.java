package dev.rampart.restapi;

import dev.rampart.restapi.Views.ChecklistItemView;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.TaskId;
import dev.rampart.work.Checklists;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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

/** A task's checklist. */
@Tag(name = "Checklists", description = "Ordered items on a task, each done or not.")
@RestController
@RequestMapping("/api/v1/tasks/{taskId}/checklist")
class ChecklistController {

	record NewItemRequest(@NotBlank @Size(max = Checklists.TEXT_MAX) @Nullable String text) {
	}

	/** What to change; what is left out stays as it is. */
	record ItemChangesRequest(@Size(min = 1, max = Checklists.TEXT_MAX) @Nullable String text, @Nullable Boolean done,
			@Nullable Integer position) {
	}

	private final Checklists checklists;

	ChecklistController(Checklists checklists) {
		this.checklists = checklists;
	}

	@Operation(operationId = "listChecklist", summary = "List a task's checklist", description = "In order.")
	@GetMapping
	ListView<ChecklistItemView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId) {
		return Views.list(checklists.list(actor, new TaskId(taskId)), ChecklistItemView::of);
	}

	@Audited("checklist.add")
	@Operation(operationId = "addChecklistItem", summary = "Add an item at the end of a task's checklist",
			description = "Needs the right to update the task.")
	@PostMapping
	ResponseEntity<ChecklistItemView> add(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@Valid @RequestBody NewItemRequest request) {
		ChecklistItemView item = ChecklistItemView
			.of(checklists.add(actor, new TaskId(taskId), Inputs.required("text", request.text())));
		return Views.created(item, "/api/v1/tasks/{taskId}/checklist/{itemId}", taskId, item.id());
	}

	@Audited("checklist.update")
	@Operation(operationId = "updateChecklistItem", summary = "Edit, tick or move a checklist item",
			description = "`done` records who and when; `position` is the index the item moves to (0 first).")
	@PatchMapping("/{itemId}")
	ChecklistItemView update(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId, @PathVariable UUID itemId,
			@Valid @RequestBody ItemChangesRequest request) {
		return ChecklistItemView.of(checklists.update(actor, new TaskId(taskId), itemId, request.text(), request.done(),
				request.position()));
	}

	@Audited("checklist.remove")
	@Operation(operationId = "removeChecklistItem", summary = "Remove a checklist item")
	@DeleteMapping("/{itemId}")
	ResponseEntity<Void> remove(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@PathVariable UUID itemId) {
		checklists.remove(actor, new TaskId(taskId), itemId);
		return ResponseEntity.noContent().build();
	}

}
