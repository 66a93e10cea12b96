package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.identity.IssuedSession;
import dev.rampart.identity.Passkeys;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys: each ceremony is two calls, the options (for
 * {@code navigator.credentials.create} or {@code .get}) with a ceremony token, then the
 * authenticator's answer (its JSON form) with that token.
 */
@Tag(name = "Passkeys", description = "WebAuthn passkeys for sign-in and step-up.")
@RestController
@RequestMapping("/api/v1")
class PasskeyController {

	record CeremonyView(String ceremony, JsonNode options) {
	}

	record RegisterRequest(@NotBlank @Size(max = 100) @Nullable String ceremony, @NotNull @Nullable JsonNode credential,
			@Size(max = 100) @Nullable String label) {
	}

	record SignInOptionsRequest(@Size(max = 100) @Nullable String challenge) {
	}

	record PasskeySignInRequest(@NotBlank @Size(max = 100) @Nullable String ceremony,
			@NotNull @Nullable JsonNode credential, @Size(max = 100) @Nullable String challenge,
			@Pattern(regexp = "token|cookie", message = "must be token or cookie") @Nullable String session) {
	}

	record StepUpRequest(@NotBlank @Size(max = 100) @Nullable String ceremony, @NotNull @Nullable JsonNode credential) {
	}

	private final Passkeys passkeys;

	private final JsonMapper json;

	private final AuthController auth;

	PasskeyController(Passkeys passkeys, JsonMapper json, AuthController auth) {
		this.passkeys = passkeys;
		this.json = json;
		this.auth = auth;
	}

	@Operation(operationId = "listPasskeys", summary = "List your passkeys")
	@GetMapping("/me/passkeys")
	List<Passkeys.Passkey> list(@AuthenticationPrincipal Actor actor) {
		return passkeys.list(actor);
	}

	@Audited("account.passkey-options")
	@Operation(operationId = "startPasskeyRegistration", summary = "Start adding a passkey",
			description = "WebAuthn creation options; needs a step-up.")
	@PostMapping("/me/passkeys/options")
	CeremonyView registrationOptions(@AuthenticationPrincipal Actor actor) {
		return view(passkeys.registrationOptions(actor));
	}

	@Audited("account.passkey-add")
	@Operation(operationId = "registerPasskey", summary = "Finish adding a passkey")
	@PostMapping("/me/passkeys")
	ResponseEntity<Passkeys.Passkey> register(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody RegisterRequest request) {
		Passkeys.Passkey added = passkeys.register(actor, Inputs.required("ceremony", request.ceremony()),
				json.writeValueAsString(Inputs.required("credential", request.credential())),
				request.label() == null ? "" : request.label());
		return Views.created(added, "/api/v1/me/passkeys/{passkeyId}", added.id());
	}

	@Audited("account.passkey-remove")
	@Operation(operationId = "removePasskey", summary = "Remove a passkey")
	@DeleteMapping("/me/passkeys/{passkeyId}")
	ResponseEntity<Void> remove(@AuthenticationPrincipal Actor actor, @PathVariable String passkeyId) {
		passkeys.remove(actor, passkeyId);
		return ResponseEntity.noContent().build();
	}

	/**
	 * Options to sign in with a passkey: with the password step's challenge, or
	 * passwordless without one.
	 */
	@Audited("auth.passkey-options")
	@Operation(operationId = "startPasskeySignIn", summary = "Start signing in with a passkey")
	@PostMapping("/auth/passkey/options")
	CeremonyView signInOptions(@Valid @RequestBody(required = false) @Nullable SignInOptionsRequest request) {
		return view(passkeys.signInOptions(request == null ? null : request.challenge()));
	}

	@Audited("auth.sign-in-passkey")
	@Operation(operationId = "signInWithPasskey", summary = "Sign in with a passkey")
	@PostMapping("/auth/passkey")
	ResponseEntity<AuthController.SignInResponse> signIn(@Valid @RequestBody PasskeySignInRequest request,
			HttpServletRequest http) {
		IssuedSession session = passkeys.signIn(Inputs.required("ceremony", request.ceremony()),
				json.writeValueAsString(Inputs.required("credential", request.credential())), request.challenge(),
				http.getRemoteAddr(), http.getHeader(HttpHeaders.USER_AGENT), AuthController.deviceCookie(http));
		return auth.sessionResponse(session, "cookie".equals(request.session()));
	}

	@Audited("auth.step-up-passkey-options")
	@Operation(operationId = "startPasskeyStepUp", summary = "Start a step-up with a passkey")
	@PostMapping("/auth/step-up/passkey/options")
	CeremonyView stepUpOptions(@AuthenticationPrincipal Actor actor) {
		return view(passkeys.stepUpOptions(actor));
	}

	@Audited("auth.step-up-passkey")
	@Operation(operationId = "stepUpWithPasskey", summary = "Step up with a passkey")
	@PostMapping("/auth/step-up/passkey")
	ResponseEntity<Void> stepUp(@AuthenticationPrincipal Actor actor, @Valid @RequestBody StepUpRequest request) {
		passkeys.stepUp(actor, Inputs.required("ceremony", request.ceremony()),
				json.writeValueAsString(Inputs.required("credential", request.credential())));
		return ResponseEntity.noContent().build();
	}

	private CeremonyView view(Passkeys.Ceremony ceremony) {
		return new CeremonyView(ceremony.ceremony(), json.readTree(ceremony.options()));
	}

}
