package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.identity.ApiTokens;
import dev.rampart.identity.EmailChange;
import dev.rampart.identity.EmailVerification;
import dev.rampart.identity.Passwords;
import dev.rampart.identity.SecondFactors;
import dev.rampart.identity.SessionInfo;
import dev.rampart.identity.Sessions;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.SessionId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's own account: address confirmation, password, sessions, personal
 * API tokens and second factors. Every change here is the user's own; the sensitive ones
 * (password, API tokens, second factors) need a step-up.
 */
@Tag(name = "Your account", description = "Profile, password, email, sessions, API tokens and second factors.")
@RestController
@RequestMapping("/api/v1/me")
class AccountController {

	record PasswordChange(@NotBlank @Size(max = 4096) @Nullable String currentPassword,
			@NotBlank @Size(max = 4096) @Nullable String newPassword) {
	}

	record SignOutEverywhere(@Nullable Boolean keepCurrent) {
	}

	record EmailChangeRequest(@NotBlank @Size(max = 254) @Nullable String email) {
	}

	record SessionView(UUID id, @Nullable String device, @Nullable String address, Instant createdAt,
			Instant lastUsedAt, Instant expiresAt, boolean secondFactor, boolean current) {

		static SessionView of(SessionInfo s) {
			return new SessionView(s.id().value(), s.device(), s.address(), s.createdAt(), s.lastUsedAt(),
					s.expiresAt(), s.secondFactor(), s.current());
		}

	}

	record ApiTokenRequest(@NotBlank @Size(max = 100) @Nullable String name,
			@NotBlank @Pattern(regexp = "read-only|read-write",
					message = "must be read-only or read-write") @Nullable String access,
			// Bounds come from the service: the longest life is a setting
			// (rampart.identity.api-token-max-lifetime).
			@Nullable UUID orgId, @Nullable Integer expiresInDays) {
	}

	record ApiTokenView(UUID id, String name, String access, @Nullable UUID orgId, Instant createdAt, Instant expiresAt,
			@Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {

		static ApiTokenView of(ApiTokens.ApiToken t) {
			return new ApiTokenView(t.id(), t.name(), t.readOnly() ? "read-only" : "read-write",
					t.org() == null ? null : t.org().value(), t.createdAt(), t.expiresAt(), t.lastUsedAt(),
					t.revokedAt());
		}

	}

	/** A new token: {@code token} is shown this once. */
	record IssuedApiTokenView(ApiTokenView apiToken, String token) {
	}

	record CodeRequest(@NotBlank @Size(max = 32) @Nullable String code) {
	}

	private final EmailVerification verification;

	private final Passwords passwords;

	private final Sessions sessions;

	private final ApiTokens apiTokens;

	private final SecondFactors secondFactors;

	private final EmailChange emailChange;

	private final dev.rampart.identity.Profiles profiles;

	private final dev.rampart.work.AccountClosure closure;

	AccountController(EmailVerification verification, Passwords passwords, Sessions sessions, ApiTokens apiTokens,
			SecondFactors secondFactors, EmailChange emailChange, dev.rampart.identity.Profiles profiles,
			dev.rampart.work.AccountClosure closure) {
		this.profiles = profiles;
		this.closure = closure;
		this.emailChange = emailChange;
		this.verification = verification;
		this.passwords = passwords;
		this.sessions = sessions;
		this.apiTokens = apiTokens;
		this.secondFactors = secondFactors;
	}

	/** A change of the caller's profile: the name others see. */
	record ProfileChanges(@NotBlank @Size(max = 100) @Nullable String displayName) {
	}

	@Audited("account.profile-update")
	@Operation(operationId = "updateProfile", summary = "Change your display name")
	@org.springframework.web.bind.annotation.PatchMapping
	AuthController.MeResponse updateProfile(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody ProfileChanges changes) {
		var profile = profiles.changeDisplayName(actor, Inputs.required("displayName", changes.displayName()));
		return new AuthController.MeResponse(profile.id().value(), profile.email(), profile.displayName(),
				profile.createdAt(), profile.emailVerified(), actor.credential().mfaEnrolled());
	}

	/**
	 * Deletes the caller's account after a step-up: every session and token ends, the
	 * email and name are erased, work stays attributed to "deleted user". The session
	 * cookie is cleared.
	 */
	@Audited("account.delete")
	@Operation(operationId = "deleteAccount", summary = "Delete your account",
			description = "Needs a recent step-up (403 step-up-required otherwise); refused (409) while you are the last owner of an organization. Your sessions and tokens end, your email and name are erased; what you authored stays, attributed to a deleted user.")
	@DeleteMapping
	ResponseEntity<Void> deleteAccount(@AuthenticationPrincipal Actor actor) {
		closure.delete(actor);
		return ResponseEntity.noContent()
			.header(org.springframework.http.HttpHeaders.SET_COOKIE,
					org.springframework.http.ResponseCookie.from(dev.rampart.shared.SessionCookie.NAME, "")
						.secure(true)
						.httpOnly(true)
						.sameSite("Strict")
						.path("/")
						.maxAge(java.time.Duration.ZERO)
						.build()
						.toString())
			.build();
	}

	@Audited("account.verify-email-resend")
	@Operation(operationId = "resendEmailVerification", summary = "Mail the address confirmation link again")
	@PostMapping("/verify-email/resend")
	ResponseEntity<Void> resendVerification(@AuthenticationPrincipal Actor actor) {
		verification.resend(actor);
		return ResponseEntity.accepted().build();
	}

	@Audited("account.password-change")
	@Operation(operationId = "changePassword", summary = "Change your password",
			description = "Needs the current password; other sessions end and a security alert is mailed.")
	@PutMapping("/password")
	ResponseEntity<Void> changePassword(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody PasswordChange request) {
		passwords.change(actor, Inputs.required("currentPassword", request.currentPassword()),
				Inputs.required("newPassword", request.newPassword()));
		return ResponseEntity.noContent().build();
	}

	/**
	 * Asks to move the account to a new address (after a step-up); the link mailed there
	 * completes it.
	 */
	@Audited("account.email-change")
	@Operation(operationId = "changeEmail", summary = "Start changing your email address",
			description = "Mails a confirmation link to the new address; nothing changes until it is followed.")
	@PutMapping("/email")
	ResponseEntity<Map<String, String>> changeEmail(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody EmailChangeRequest request) {
		emailChange.request(actor, Inputs.required("email", request.email()));
		return ResponseEntity.accepted()
			.body(Map.of("next", "Follow the link mailed to the new address to complete the change."));
	}

	@Operation(operationId = "listSessions", summary = "List your sessions",
			description = "Device, address, creation and last use; the calling session is marked current.")
	@GetMapping("/sessions")
	Views.ListView<SessionView> sessions(@AuthenticationPrincipal Actor actor) {
		return Views.list(sessions.list(actor), SessionView::of);
	}

	@Audited("account.session-revoke")
	@Operation(operationId = "revokeSession", summary = "End one of your sessions")
	@DeleteMapping("/sessions/{sessionId}")
	ResponseEntity<Void> revokeSession(@AuthenticationPrincipal Actor actor, @PathVariable UUID sessionId) {
		sessions.revoke(actor, new SessionId(sessionId));
		return ResponseEntity.noContent().build();
	}

	/** Ends every session of the user ({@code keepCurrent}: every other one). */
	@Audited("account.sign-out-everywhere")
	@Operation(operationId = "signOutEverywhere", summary = "End all your sessions",
			description = "With `keepCurrent` true, every session but the calling one.")
	@PostMapping("/sessions/sign-out-everywhere")
	Map<String, Integer> signOutEverywhere(@AuthenticationPrincipal Actor actor,
			@RequestBody(required = false) @Nullable SignOutEverywhere request) {
		boolean keep = request != null && Boolean.TRUE.equals(request.keepCurrent());
		return Map.of("ended", sessions.revokeAll(actor, keep));
	}

	@Operation(operationId = "listApiTokens", summary = "List your API tokens",
			description = "Never the token itself: it is shown once, when created.")
	@GetMapping("/api-tokens")
	Views.ListView<ApiTokenView> apiTokens(@AuthenticationPrincipal Actor actor) {
		return Views.list(apiTokens.list(actor), ApiTokenView::of);
	}

	@Audited("account.api-token-create")
	@Operation(operationId = "createApiToken", summary = "Create a personal API token",
			description = "Read-only or read-write, for one organization or all, expiring within a year. The token is in this answer only.")
	@PostMapping("/api-tokens")
	ResponseEntity<IssuedApiTokenView> createApiToken(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody ApiTokenRequest request) {
		ApiTokens.IssuedApiToken issued = apiTokens.create(actor, Inputs.required("name", request.name()),
				"read-only".equals(Inputs.required("access", request.access())),
				request.orgId() == null ? null : new OrgId(request.orgId()),
				request.expiresInDays() == null ? 90 : request.expiresInDays());
		ApiTokenView token = ApiTokenView.of(issued.token());
		return Views.created(new IssuedApiTokenView(token, issued.secret()), "/api/v1/me/api-tokens/{tokenId}",
				token.id());
	}

	@Audited("account.api-token-revoke")
	@Operation(operationId = "revokeApiToken", summary = "Revoke one of your API tokens")
	@DeleteMapping("/api-tokens/{tokenId}")
	ResponseEntity<Void> revokeApiToken(@AuthenticationPrincipal Actor actor, @PathVariable UUID tokenId) {
		apiTokens.revoke(actor, tokenId);
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "getSecondFactors", summary = "Show your second factors")
	@GetMapping("/mfa")
	SecondFactors.Status mfa(@AuthenticationPrincipal Actor actor) {
		return secondFactors.status(actor);
	}

	/**
	 * Starts TOTP enrolment: the secret, otpauth URI and QR code (PNG, base64) are shown
	 * this once.
	 */
	@Audited("account.totp-enrol")
	@Operation(operationId = "startTotpEnrolment", summary = "Start adding an authenticator app",
			description = "Returns the secret and an otpauth URI (and QR code); confirm with a code to finish.")
	@PostMapping("/mfa/totp")
	SecondFactors.TotpEnrolment enrolTotp(@AuthenticationPrincipal Actor actor) {
		return secondFactors.startTotp(actor);
	}

	/**
	 * Confirms enrolment with a first code; the first time, the recovery codes come back
	 * (shown once).
	 */
	@Audited("account.totp-confirm")
	@Operation(operationId = "confirmTotpEnrolment", summary = "Finish adding an authenticator app",
			description = "Answers the recovery codes, once.")
	@PostMapping("/mfa/totp/confirm")
	Map<String, List<String>> confirmTotp(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody CodeRequest request) {
		return Map.of("recoveryCodes", secondFactors.confirmTotp(actor, Inputs.required("code", request.code())));
	}

	@Audited("account.totp-remove")
	@Operation(operationId = "removeTotp", summary = "Remove your authenticator app", description = "Needs a step-up.")
	@DeleteMapping("/mfa/totp")
	ResponseEntity<Void> removeTotp(@AuthenticationPrincipal Actor actor) {
		secondFactors.removeTotp(actor);
		return ResponseEntity.noContent().build();
	}

	@Audited("account.recovery-codes")
	@Operation(operationId = "regenerateRecoveryCodes", summary = "Replace your recovery codes",
			description = "The old codes stop working; the new ones are in this answer only.")
	@PostMapping("/mfa/recovery-codes")
	Map<String, List<String>> recoveryCodes(@AuthenticationPrincipal Actor actor) {
		return Map.of("recoveryCodes", secondFactors.regenerateRecoveryCodes(actor));
	}

}
