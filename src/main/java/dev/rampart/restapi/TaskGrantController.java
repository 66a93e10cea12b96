package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.shared.Audited;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.rampart.restapi.Views.GrantView;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.Actor;
import dev.rampart.shared.TaskId;
import dev.rampart.work.TaskGrants;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Grants on single tasks. */
@Tag(name = "Task grants", description = "Access to one task for someone outside its project.")
@RestController
@RequestMapping("/api/v1/tasks/{taskId}/grants")
class TaskGrantController {

	/** The grantee by {@code userId} or by {@code email}, one of them. */
	record GrantRequest(@Size(max = 254) @Nullable String email, @Size(max = 36) @Nullable String userId,
			@NotBlank @Size(max = 32) @Nullable String role, @Size(max = 40) @Nullable String expiresAt) {
	}

	private final TaskGrants grants;

	TaskGrantController(TaskGrants grants) {
		this.grants = grants;
	}

	@Operation(operationId = "listTaskGrants", summary = "List a task's grants",
			description = "Expired grants included, with their expiry.")
	@GetMapping
	ListView<GrantView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId) {
		return Views.list(grants.list(actor, new TaskId(taskId)), GrantView::of);
	}

	@Audited("task.grant")
	@Operation(operationId = "grantTask", summary = "Grant someone access to one task",
			description = "A viewer or collaborator grant, by `email` or `userId`, optionally expiring (within 10 years).")
	@PostMapping
	ResponseEntity<GrantView> create(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@Valid @RequestBody GrantRequest request) {
		Optional<Instant> expiresAt = Optional.ofNullable(request.expiresAt()).map(e -> Inputs.instant("expiresAt", e));
		GrantView grant = GrantView.of(grants.create(actor, new TaskId(taskId),
				dev.rampart.shared.UserRef.of("userId", request.userId(), "email", request.email()),
				Inputs.required("role", request.role()), expiresAt));
		return Views.created(grant, "/api/v1/tasks/{taskId}/grants/{grantId}", taskId, grant.id());
	}

	@Audited("task.grant.revoke")
	@Operation(operationId = "revokeTaskGrant", summary = "Revoke a task grant")
	@DeleteMapping("/{grantId}")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@PathVariable UUID grantId) {
		grants.revoke(actor, new TaskId(taskId), grantId);
		return ResponseEntity.noContent().build();
	}

}
