package dev.rampart.restapi;

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

	@GetMapping("/orgs/{orgId}/roles")
	ListView<RoleView> roles(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return Views.list(roles.list(actor, new OrgId(orgId)), RoleView::of);
	}

	@Audited("role.create")
	@PostMapping("/orgs/{orgId}/roles")
	ResponseEntity<RoleView> createRole(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody RoleRequest request) {
		RoleView role = RoleView.of(roles.create(actor, new OrgId(orgId), Inputs.required("name", request.name()),
				Inputs.required("permissions", request.permissions())));
		return Views.created(role, "/api/v1/orgs/{orgId}/roles/{roleId}", orgId, role.id());
	}

	@GetMapping("/orgs/{orgId}/roles/{roleId}")
	RoleView role(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId, @PathVariable UUID roleId) {
		return roles.list(actor, new OrgId(orgId)).stream().filter(r -> r.id().equals(roleId)).findFirst()
			.map(RoleView::of).orElseThrow(() -> new dev.rampart.shared.NotFound("role"));
	}

	/** A change of a custom role: its name, its permissions, or both. */
	record RoleChanges(@Size(min = 1, max = Roles.NAME_MAX) @Nullable String name,
			@Size(min = 1, max = 50) @Nullable List<@NotBlank @Size(max = 64) String> permissions) {
	}

	@Audited("role.update")
	@org.springframework.web.bind.annotation.PatchMapping("/orgs/{orgId}/roles/{roleId}")
	RoleView updateRole(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId, @PathVariable UUID roleId,
			@Valid @RequestBody RoleChanges changes) {
		return RoleView.of(roles.update(actor, new OrgId(orgId), roleId, changes.name(), changes.permissions()));
	}

	@Audited("role.delete")
	@org.springframework.web.bind.annotation.DeleteMapping("/orgs/{orgId}/roles/{roleId}")
	ResponseEntity<Void> deleteRole(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID roleId, @RequestParam(required = false) @Size(max = Roles.NAME_MAX) @Nullable String replacement) {
		roles.delete(actor, new OrgId(orgId), roleId, replacement);
		return ResponseEntity.noContent().build();
	}

	/** Why a user may or may not do an action on a resource; for the organization's owners and admins. */
	@GetMapping("/access/explain")
	ExplanationView explain(@AuthenticationPrincipal Actor actor, @RequestParam String action,
			@RequestParam String resource, @RequestParam String user) {
		return ExplanationView.of(access.explain(actor, action, Inputs.uuid("resource", resource), user));
	}

}
