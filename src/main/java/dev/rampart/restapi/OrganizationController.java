package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.shared.Audited;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.rampart.work.Organizations;
import dev.rampart.access.OrgRole;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.restapi.Views.MemberView;
import dev.rampart.restapi.Views.OrganizationView;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.Actor;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import dev.rampart.work.Organizations;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
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

@Tag(name = "Organizations", description = "Organizations and their members.")
@RestController
@RequestMapping("/api/v1/orgs")
class OrganizationController {

	record OrganizationRequest(@NotBlank @Size(max = Organizations.NAME_MAX) @Nullable String name) {
	}

	/** The person by {@code userId} or by {@code email}, one of them. */
	record MemberRequest(@Size(max = 254) @Nullable String email, @Size(max = 36) @Nullable String userId,
			@NotBlank @Size(max = 64) @Nullable String role) {
	}

	record RoleRequest(@NotBlank @Size(max = 64) @Nullable String role) {
	}

	private final Organizations organizations;

	OrganizationController(Organizations organizations) {
		this.organizations = organizations;
	}

	@Operation(operationId = "listOrganizations", summary = "List your organizations")
	@GetMapping
	ListView<OrganizationView> list(@AuthenticationPrincipal Actor actor) {
		return Views.list(organizations.list(actor), OrganizationView::of);
	}

	@Audited("org.create")
	@Operation(operationId = "createOrganization", summary = "Create an organization",
			description = "You become its owner.")
	@PostMapping
	ResponseEntity<OrganizationView> create(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody OrganizationRequest request) {
		OrganizationView org = OrganizationView
			.of(organizations.create(actor, Inputs.required("name", request.name())));
		return Views.created(org, "/api/v1/orgs/{orgId}", org.id());
	}

	@Operation(operationId = "getOrganization", summary = "Read an organization")
	@GetMapping("/{orgId}")
	OrganizationView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return OrganizationView.of(organizations.get(actor, new OrgId(orgId)));
	}

	@Audited("org.update")
	@Operation(operationId = "renameOrganization", summary = "Rename an organization")
	@PatchMapping("/{orgId}")
	OrganizationView rename(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody OrganizationRequest request) {
		return OrganizationView
			.of(organizations.rename(actor, new OrgId(orgId), Inputs.required("name", request.name())));
	}

	record SecurityRequest(@jakarta.validation.constraints.NotNull @Nullable Boolean requireMfa) {
	}

	/**
	 * Owners: require a second factor of every member before they reach the
	 * organization's data.
	 */
	@Audited("org.security")
	@Operation(operationId = "updateOrganizationSecurity", summary = "Change the organization's security rules",
			description = "Whether members need a second factor (needs a step-up).")
	@org.springframework.web.bind.annotation.PutMapping("/{orgId}/security")
	OrganizationView security(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody SecurityRequest request) {
		return OrganizationView.of(organizations.setRequireMfa(actor, new OrgId(orgId),
				Inputs.required("requireMfa", request.requireMfa())));
	}

	@Audited("org.delete")
	@Operation(operationId = "deleteOrganization", summary = "Delete an organization",
			description = "Owners only, after a step-up; its data keys are destroyed.")
	@DeleteMapping("/{orgId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		organizations.delete(actor, new OrgId(orgId));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listOrganizationMembers", summary = "List the organization's members")
	@GetMapping("/{orgId}/members")
	ListView<MemberView> members(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return Views.list(organizations.members(actor, new OrgId(orgId)), MemberView::of);
	}

	@Audited("org.member.add")
	@Operation(operationId = "addOrganizationMember", summary = "Add an existing account as a member",
			description = "By `email` or by `userId` (one of them).")
	@PostMapping("/{orgId}/members")
	ResponseEntity<MemberView> addMember(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody MemberRequest request) {
		OrgRole role = OrgRole.parse("role", Inputs.required("role", request.role()));
		MemberView member = MemberView.of(organizations.addMember(actor, new OrgId(orgId),
				dev.rampart.shared.UserRef.of("userId", request.userId(), "email", request.email()), role));
		return Views.created(member, "/api/v1/orgs/{orgId}/members/{userId}", orgId, member.userId());
	}

	@Audited("org.member.change-role")
	@Operation(operationId = "changeOrganizationMemberRole", summary = "Change a member's organization role",
			description = "Needs a step-up.")
	@PatchMapping("/{orgId}/members/{userId}")
	MemberView changeRole(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId, @PathVariable UUID userId,
			@Valid @RequestBody RoleRequest request) {
		OrgRole role = OrgRole.parse("role", Inputs.required("role", request.role()));
		return MemberView.of(organizations.changeRole(actor, new OrgId(orgId), new UserId(userId), role));
	}

	/** The caller leaves the organization (the last owner cannot). */
	@Audited("org.member.leave")
	@Operation(operationId = "leaveOrganization", summary = "Leave the organization",
			description = "Your project memberships, grants and assignments in it go too; the last owner cannot leave (409).")
	@PostMapping("/{orgId}/leave")
	ResponseEntity<Void> leave(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		organizations.leave(actor, new OrgId(orgId));
		return ResponseEntity.noContent().build();
	}

	@Audited("org.member.remove")
	@Operation(operationId = "removeOrganizationMember", summary = "Remove a member")
	@DeleteMapping("/{orgId}/members/{userId}")
	ResponseEntity<Void> removeMember(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID userId) {
		organizations.removeMember(actor, new OrgId(orgId), new UserId(userId));
		return ResponseEntity.noContent().build();
	}

}
