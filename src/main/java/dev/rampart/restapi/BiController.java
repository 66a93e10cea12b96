package dev.rampart.restapi;

import dev.rampart.bi.BiAccess;
import dev.rampart.bi.BiCredential;
import dev.rampart.bi.BiStatus;
import dev.rampart.bi.BiUser;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Customer BI access: an organization's read-only PostgreSQL views of its own data. */
@Tag(name = "BI access",
		description = "An organization's own data, read-only, in Power BI, Tableau or Excel through PostgreSQL (docs/bi.md). Owners only.")
@RestController
@RequestMapping("/api/v1")
class BiController {

	record ConnectionView(String host, int port, String database, String schema, String sslMode, String jdbcUrl) {
		static @Nullable ConnectionView of(BiStatus.@Nullable Connection c) {
			return c == null ? null
					: new ConnectionView(c.host(), c.port(), c.database(), c.schema(), c.sslMode(), c.jdbcUrl());
		}
	}

	record ProjectionView(int waitingChanges, @Nullable Long oldestWaitingMillis, @Nullable Instant projectedAt,
			@Nullable Instant reconciledAt, @Nullable String lastReconcile, boolean reachable) {
		static @Nullable ProjectionView of(BiStatus.@Nullable Projection p) {
			return p == null ? null
					: new ProjectionView(p.waitingChanges(),
							p.oldestWaiting() == null ? null : p.oldestWaiting().toMillis(), p.projectedAt(),
							p.reconciledAt(), p.lastReconcile(), p.reachable());
		}
	}

	record BiUserView(UUID id, String label, String login, List<String> allowedNetworks, Instant expiresAt,
			Instant createdAt, @Nullable String previousLogin, @Nullable Instant previousLoginRetiresAt) {
		static BiUserView of(BiUser u) {
			return new BiUserView(u.id(), u.label(), u.login(), u.allowedNetworks(), u.expiresAt(), u.createdAt(),
					u.previousLogin(), u.previousLoginRetiresAt());
		}
	}

	record BiStatusView(boolean enabled, boolean content, boolean restricted, @Nullable Instant enabledAt,
			@Nullable ConnectionView connection, List<BiUserView> users, @Nullable ProjectionView projection) {
		static BiStatusView of(BiStatus s) {
			return new BiStatusView(s.enabled(), s.content(), s.restricted(), s.enabledAt(),
					ConnectionView.of(s.connection()), s.users().stream().map(BiUserView::of).toList(),
					ProjectionView.of(s.projection()));
		}
	}

	/** The password appears here once (on creation and rotation), never again. */
	record BiCredentialView(BiUserView user, String login, String password) {
		static BiCredentialView of(BiCredential c) {
			return new BiCredentialView(BiUserView.of(c.user()), c.login(), c.password());
		}

		@Override
		public String toString() {
			return "BiCredentialView[" + login + "]";
		}
	}

	record BiAccessRequest(@Schema(
			description = "project titles, descriptions, sprint goals and comments too (they then rest decrypted in the BI database)") @NotNull @Nullable Boolean content,
			@Schema(description = "restricted tasks too") @NotNull @Nullable Boolean restricted) {
	}

	record NewBiUserRequest(@NotBlank @Size(max = 100) @Nullable String label,
			@Schema(description = "CIDRs the BI tool connects from, like 203.0.113.0/24") @NotNull @Size(min = 1,
					max = 100) @Nullable List<String> allowedNetworks,
			@Schema(description = "default: 90 days from now") @Nullable Instant expiresAt) {
	}

	private final BiAccess bi;

	BiController(BiAccess bi) {
		this.bi = bi;
	}

	@Operation(operationId = "getBiAccess", summary = "An organization's BI access",
			description = "What is projected, where BI tools connect, the BI users (never a password) and how current the projection is.")
	@GetMapping("/orgs/{orgId}/bi")
	BiStatusView status(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return BiStatusView.of(bi.status(actor, new OrgId(orgId)));
	}

	@Audited("bi.enable")
	@Operation(operationId = "enableBiAccess", summary = "Turn BI access on, or change what is projected",
			description = "Needs a second factor and a recent step-up. Metadata is always projected; content and restricted tasks only when chosen. The projection is then reconciled.")
	@PutMapping("/orgs/{orgId}/bi")
	BiStatusView enable(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody BiAccessRequest request) {
		return BiStatusView.of(bi.enable(actor, new OrgId(orgId), Inputs.required("content", request.content()),
				Inputs.required("restricted", request.restricted())));
	}

	@Audited("bi.disable")
	@Operation(operationId = "disableBiAccess", summary = "Turn BI access off",
			description = "The organization's rows, BI users and their open sessions leave the BI database at once.")
	@DeleteMapping("/orgs/{orgId}/bi")
	ResponseEntity<Void> disable(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		bi.disable(actor, new OrgId(orgId));
		return ResponseEntity.noContent().build();
	}

	@Audited("bi.user.create")
	@Operation(operationId = "createBiUser", summary = "Add a BI user",
			description = "A PostgreSQL login with a random 32-character password, shown this once. It may connect over TLS from its networks only, until it expires.")
	@PostMapping("/orgs/{orgId}/bi/users")
	ResponseEntity<BiCredentialView> createUser(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody NewBiUserRequest request) {
		BiCredential made = bi.createUser(actor, new OrgId(orgId), Inputs.required("label", request.label()),
				Inputs.required("allowedNetworks", request.allowedNetworks()), request.expiresAt());
		return Views.created(BiCredentialView.of(made), "/api/v1/orgs/{orgId}/bi/users/{userId}", orgId,
				made.user().id());
	}

	@Audited("bi.user.rotate")
	@Operation(operationId = "rotateBiUser", summary = "Give a BI user a new user name and password",
			description = "Shown once. The previous ones keep working until previousLoginRetiresAt (24 h by default).")
	@PostMapping("/orgs/{orgId}/bi/users/{userId}/rotate")
	BiCredentialView rotate(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId, @PathVariable UUID userId) {
		return BiCredentialView.of(bi.rotate(actor, new OrgId(orgId), userId));
	}

	@Audited("bi.user.revoke")
	@Operation(operationId = "revokeBiUser", summary = "Revoke a BI user",
			description = "Its logins are dropped and their open sessions ended at once.")
	@DeleteMapping("/orgs/{orgId}/bi/users/{userId}")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID userId) {
		bi.revoke(actor, new OrgId(orgId), userId);
		return ResponseEntity.noContent().build();
	}

	@Audited("bi.reconcile")
	@Operation(operationId = "reconcileBiProjection", summary = "Reconcile the projection now",
			description = "Compares every projected row with the source (counts and per-row SHA-256) and repairs what differs.")
	@PostMapping("/orgs/{orgId}/bi/reconcile")
	BiStatusView reconcile(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return BiStatusView.of(bi.reconcile(actor, new OrgId(orgId)));
	}

}
