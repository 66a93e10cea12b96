package dev.rampart.restapi;

import dev.rampart.restapi.Views.DependenciesView;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.TaskId;
import dev.rampart.work.Dependencies;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What blocks a task and what it blocks. */
@Tag(name = "Dependencies", description = "Tasks to be done before others, within one organization.")
@RestController
@RequestMapping("/api/v1/tasks/{taskId}/dependencies")
class DependencyController {

	record BlockerRequest(@NotBlank @Size(max = 36) @Nullable String blockerId) {
	}

	private final Dependencies dependencies;

	DependencyController(Dependencies dependencies) {
		this.dependencies = dependencies;
	}

	@Operation(operationId = "listDependencies", summary = "What blocks a task and what it blocks",
			description = "Only dependencies whose both tasks the caller can see.")
	@GetMapping
	DependenciesView list(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId) {
		return DependenciesView.of(dependencies.of(actor, new TaskId(taskId)));
	}

	@Audited("task.dependency.add")
	@Operation(operationId = "addDependency", summary = "Record that another task blocks this one",
			description = "Needs the right to update this task and to see the blocker, both in one organization. "
					+ "A dependency that would close a cycle is a 409 naming the cycle.")
	@PostMapping
	ResponseEntity<DependenciesView> add(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@Valid @RequestBody BlockerRequest request) {
		TaskId blocker = new TaskId(Inputs.uuid("blockerId", Inputs.required("blockerId", request.blockerId())));
		DependenciesView links = DependenciesView.of(dependencies.add(actor, new TaskId(taskId), blocker));
		return Views.created(links, "/api/v1/tasks/{taskId}/dependencies/{blockerId}", taskId, blocker.value());
	}

	@Audited("task.dependency.remove")
	@Operation(operationId = "removeDependency", summary = "The other task no longer blocks this one")
	@DeleteMapping("/{blockerId}")
	ResponseEntity<Void> remove(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@PathVariable UUID blockerId) {
		dependencies.remove(actor, new TaskId(taskId), new TaskId(blockerId));
		return ResponseEntity.noContent().build();
	}

}
