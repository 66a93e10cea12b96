package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.shared.Audited;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.NotNull;
import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Roles;
import dev.rampart.restapi.Views.ExplanationView;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.restapi.Views.RoleView;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.Actor;
import dev.rampart.shared.OrgId;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Custom project roles and the explain endpoint. */
@Tag(name = "Roles and access", description = "Custom project roles and access explanations.")
@RestController
@RequestMapping("/api/v1")
class AccessController {

	record RoleRequest(@NotBlank @Size(max = Roles.NAME_MAX) @Nullable String name,
			@NotNull @Size(min = 1, max = 50) @Nullable List<@NotBlank @Size(max = 64) String> permissions) {
	}

	private final AccessPolicy access;

	private final Roles roles;

	AccessController(AccessPolicy access, Roles roles) {
		this.access = access;
		this.roles = roles;
	}

	@Operation(operationId = "listRoles", summary = "List the project roles of an organization",
			description = "The built-in roles (manager, contributor, viewer), then the organization's custom roles, with their permissions.")
	@GetMapping("/orgs/{orgId}/roles")
	ListView<RoleView> roles(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return Views.list(roles.list(actor, new OrgId(orgId)), RoleView::of);
	}

	@Audited("role.create")
	@Operation(operationId = "createRole", summary = "Define a custom project role",
			description = "Owners only. Permissions are project and task actions; an unknown action is named in the 400.")
	@PostMapping("/orgs/{orgId}/roles")
	ResponseEntity<RoleView> createRole(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody RoleRequest request) {
		RoleView role = RoleView.of(roles.create(actor, new OrgId(orgId), Inputs.required("name", request.name()),
				Inputs.required("permissions", request.permissions())));
		return Views.created(role, "/api/v1/orgs/{orgId}/roles/{roleId}", orgId, role.id());
	}

	@Operation(operationId = "getRole", summary = "Read one project role")
	@GetMapping("/orgs/{orgId}/roles/{roleId}")
	RoleView role(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId, @PathVariable UUID roleId) {
		return roles.list(actor, new OrgId(orgId))
			.stream()
			.filter(r -> r.id().equals(roleId))
			.findFirst()
			.map(RoleView::of)
			.orElseThrow(() -> new dev.rampart.shared.NotFound("role"));
	}

	/** A change of a custom role: its name, its permissions, or both. */
	record RoleChanges(@Size(min = 1, max = Roles.NAME_MAX) @Nullable String name,
			@Size(min = 1, max = 50) @Nullable List<@NotBlank @Size(max = 64) String> permissions) {
	}

	@Audited("role.update")
	@Operation(operationId = "updateRole", summary = "Rename a custom role or replace its permissions",
			description = "Owners only; the change applies at once to everyone holding the role. Built-in roles answer 409.")
	@org.springframework.web.bind.annotation.PatchMapping("/orgs/{orgId}/roles/{roleId}")
	RoleView updateRole(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId, @PathVariable UUID roleId,
			@Valid @RequestBody RoleChanges changes) {
		return RoleView.of(roles.update(actor, new OrgId(orgId), roleId, changes.name(), changes.permissions()));
	}

	@Audited("role.delete")
	@Operation(operationId = "deleteRole", summary = "Delete a custom role",
			description = "Owners only. While project members hold it the answer is 409 unless `replacement` names the role they get instead.")
	@org.springframework.web.bind.annotation.DeleteMapping("/orgs/{orgId}/roles/{roleId}")
	ResponseEntity<Void> deleteRole(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID roleId,
			@RequestParam(required = false) @Size(max = Roles.NAME_MAX) @Nullable String replacement) {
		roles.delete(actor, new OrgId(orgId), roleId, replacement);
		return ResponseEntity.noContent().build();
	}

	/**
	 * Why a user may or may not do an action on a resource; for the organization's owners
	 * and admins.
	 */
	@Operation(operationId = "explainAccess", summary = "Explain whether a user may do an action on a resource",
			description = "For the organization's owners and admins: the role, grant or rule that decides. An action that does not apply to the resource's kind is a 400 listing those that do.")
	@GetMapping("/access/explain")
	ExplanationView explain(@AuthenticationPrincipal Actor actor, @RequestParam String action,
			@RequestParam String resource, @RequestParam String user) {
		return ExplanationView.of(access.explain(actor, action, Inputs.uuid("resource", resource), user));
	}

}
