package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.access.OrgRole;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import dev.rampart.work.Invitations;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

/**
 * Invitations to an organization: sent and revoked by its admins, accepted by the invited
 * address.
 */
@Tag(name = "Invitations", description = "Inviting people by email.")
@RestController
@RequestMapping("/api/v1")
class InvitationController {

	record InvitationRequest(@NotBlank @Size(max = 254) @Nullable String email,
			@NotBlank @Size(max = 16) @Nullable String role) {
	}

	record InvitationView(UUID id, UUID orgId, String email, String role, String state, UUID invitedBy,
			Instant createdAt, Instant expiresAt) {
	}

	record AcceptRequest(@NotBlank @Size(max = 100) @Nullable String token) {
	}

	record AcceptNewRequest(@NotBlank @Size(max = 100) @Nullable String token,
			@NotBlank @Size(max = 100) @Nullable String displayName,
			@NotBlank @Size(max = 4096) @Nullable String password) {
	}

	private final Invitations invitations;

	private final Clock clock;

	InvitationController(Invitations invitations, Clock clock) {
		this.invitations = invitations;
		this.clock = clock;
	}

	@Audited("invitation.create")
	@Operation(operationId = "inviteMember", summary = "Invite someone by email",
			description = "Owners and admins; the invitation link is mailed.")
	@PostMapping("/orgs/{orgId}/invitations")
	ResponseEntity<InvitationView> invite(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody InvitationRequest request) {
		Invitations.Invitation invitation = invitations.invite(actor, new OrgId(orgId),
				Inputs.required("email", request.email()),
				OrgRole.parse("role", Inputs.required("role", request.role())));
		InvitationView view = view(invitation);
		return Views.created(view, "/api/v1/orgs/{orgId}/invitations/{invitationId}", orgId, view.id());
	}

	@Operation(operationId = "listInvitations", summary = "List the organization's invitations")
	@GetMapping("/orgs/{orgId}/invitations")
	Views.ListView<InvitationView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return Views.list(invitations.list(actor, new OrgId(orgId)), this::view);
	}

	@Audited("invitation.revoke")
	@Operation(operationId = "revokeInvitation", summary = "Revoke an invitation")
	@DeleteMapping("/orgs/{orgId}/invitations/{invitationId}")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID invitationId) {
		invitations.revoke(actor, new OrgId(orgId), invitationId);
		return ResponseEntity.noContent().build();
	}

	/** Accepts as the signed-in account (which must have the invited address). */
	@Audited("invitation.accept")
	@Operation(operationId = "acceptInvitation", summary = "Accept an invitation with your account",
			description = "The token from the link; the invited address must be yours.")
	@PostMapping("/invitations/accept")
	Map<String, UUID> accept(@AuthenticationPrincipal Actor actor, @Valid @RequestBody AcceptRequest request) {
		return Map.of("orgId", invitations.accept(actor, Inputs.required("token", request.token())).value());
	}

	/** Accepts by creating the invited address's account; then sign in with it. */
	@Audited("invitation.accept-new-account")
	@Operation(operationId = "acceptInvitationWithNewAccount",
			summary = "Accept an invitation by creating the invited account")
	@PostMapping("/invitations/accept-new")
	ResponseEntity<Map<String, UUID>> acceptNew(@Valid @RequestBody AcceptNewRequest request) {
		OrgId org = invitations.acceptWithNewAccount(Inputs.required("token", request.token()),
				Inputs.required("displayName", request.displayName()), Inputs.required("password", request.password()));
		return Views.created(Map.of("orgId", org.value()), "/api/v1/orgs/{orgId}", org.value());
	}

	private InvitationView view(Invitations.Invitation i) {
		return new InvitationView(i.id(), i.org().value(), i.email(), i.role().wireName(), i.state(clock.instant()),
				i.invitedBy().value(), i.createdAt(), i.expiresAt());
	}

}
