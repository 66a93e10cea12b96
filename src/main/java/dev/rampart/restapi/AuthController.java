package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.shared.Audited;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Pattern;
import dev.rampart.identity.Accounts;
import dev.rampart.identity.SignIn;
import dev.rampart.identity.SignUp;
import dev.rampart.identity.CsrfTokens;
import dev.rampart.identity.EmailChange;
import dev.rampart.identity.EmailVerification;
import dev.rampart.identity.IssuedSession;
import dev.rampart.identity.MfaChallenge;
import dev.rampart.identity.Passwords;
import dev.rampart.identity.SignInResult;
import dev.rampart.identity.SecondFactors;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.SessionCookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.WebUtils;

@Tag(name = "Sign-in", description = "Sign-up, sign-in, step-up and the links Rampart mails.")
@RestController
@RequestMapping("/api/v1")
class AuthController {

	record SignUpRequest(@NotBlank @Size(max = 254) @Nullable String email,
			@NotBlank @Size(max = Accounts.DISPLAY_NAME_MAX) @Nullable String displayName,
			@NotBlank @Size(max = 4096) @Nullable String password) {
	}

	/**
	 * {@code session}: "token" (default) returns the token; "cookie" sets it as an
	 * HttpOnly cookie instead.
	 */
	record SignInRequest(@NotBlank @Size(max = 254) @Nullable String email,
			@NotBlank @Size(max = 4096) @Nullable String password,
			@Pattern(regexp = "token|cookie", message = "must be token or cookie") @Nullable String session) {
	}

	/** The same answer whether or not the address already had an account. */
	record SignUpResponse(String email, String next) {
	}

	/**
	 * A session ({@code token}, or the cookie), or, when {@code mfaRequired}, the
	 * challenge to send with the second factor to {@code /auth/login/second-factor} (TOTP
	 * or recovery code) or {@code /auth/passkey}.
	 */
	record SignInResponse(@Nullable String token, Instant expiresAt,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean mfaRequired,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String challenge,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> methods) {

		static SignInResponse session(@Nullable String token, Instant expiresAt) {
			return new SignInResponse(token, expiresAt, null, null, null);
		}

	}

	record SecondFactorRequest(@NotBlank @Size(max = 100) @Nullable String challenge,
			@NotBlank @Size(max = 32) @Nullable String code,
			@Pattern(regexp = "token|cookie", message = "must be token or cookie") @Nullable String session) {
	}

	record TokenRequest(@NotBlank @Size(max = 100) @Nullable String token) {
	}

	record ResetRequest(@NotBlank @Size(max = 254) @Nullable String email) {
	}

	record CompleteResetRequest(@NotBlank @Size(max = 100) @Nullable String token,
			@NotBlank @Size(max = 4096) @Nullable String password) {
	}

	/**
	 * A second factor ({@code code}: TOTP or recovery code) if the account has one, else
	 * the password.
	 */
	record StepUpRequest(@Size(max = 4096) @Nullable String password, @Size(max = 32) @Nullable String code) {
	}

	record MeResponse(UUID id, String email, String displayName, Instant createdAt, boolean emailVerified,
			boolean mfaEnrolled) {
	}

	record CsrfTokensResponse(List<String> tokens, Instant expiresAt, String header) {
	}

	private final Accounts accounts;

	private final SignUp signUp;

	private final SignIn signIn;

	private final CsrfTokens csrfTokens;

	private final EmailVerification verification;

	private final Passwords passwords;

	private final SecondFactors secondFactors;

	private final EmailChange emailChange;

	AuthController(Accounts accounts, SignUp signUp, SignIn signIn, CsrfTokens csrfTokens,
			EmailVerification verification, Passwords passwords, SecondFactors secondFactors, EmailChange emailChange) {
		this.emailChange = emailChange;
		this.accounts = accounts;
		this.signUp = signUp;
		this.signIn = signIn;
		this.csrfTokens = csrfTokens;
		this.verification = verification;
		this.passwords = passwords;
		this.secondFactors = secondFactors;
	}

	/**
	 * One-time tokens for changes made with the session cookie: each works once, for its
	 * session, until it expires. Ask for several to make changes in parallel.
	 * Bearer-token clients do not need them.
	 */
	@Operation(operationId = "issueCsrfTokens", summary = "Get one-time CSRF tokens",
			description = "For browser sessions: each change sent with the session cookie carries one in `X-CSRF-Token`.")
	@GetMapping("/auth/csrf-tokens")
	CsrfTokensResponse csrfTokens(@AuthenticationPrincipal Actor actor, @RequestParam Optional<Integer> count) {
		CsrfTokens.Issued issued = csrfTokens.issue(actor, count.orElse(1));
		return new CsrfTokensResponse(issued.tokens(), issued.expiresAt(), SessionCookie.CSRF_HEADER);
	}

	/**
	 * 202 with the same body whether the account was created or the address already had
	 * one, so the answer cannot be used to find out who has an account. Invalid input
	 * still gets 400.
	 */
	@Audited("auth.sign-up")
	@Operation(operationId = "signUp", summary = "Create an account",
			description = "Always 202 with the same body, whether or not the address is taken (no account enumeration); a confirmation link is mailed.")
	@PostMapping("/auth/signup")
	ResponseEntity<SignUpResponse> signUp(@Valid @RequestBody SignUpRequest request) {
		String email = Inputs.required("email", request.email());
		signUp.signUp(email, Inputs.required("displayName", request.displayName()),
				Inputs.required("password", request.password()));
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(new SignUpResponse(email, "If this address had no account, one now exists: sign in with it."));
	}

	@Audited("auth.sign-in")
	@Operation(operationId = "signIn", summary = "Sign in with email and password",
			description = "Answers a session, or a second-factor challenge for accounts that have one (then POST /auth/login/second-factor).")
	@PostMapping("/auth/login")
	ResponseEntity<SignInResponse> signIn(@Valid @RequestBody SignInRequest request, HttpServletRequest http) {
		boolean cookie = "cookie".equals(request.session()); // anything but token|cookie
																// was refused by @Pattern
		SignInResult result = signIn.signIn(Inputs.required("email", request.email()),
				Inputs.required("password", request.password()), http.getRemoteAddr(),
				http.getHeader(HttpHeaders.USER_AGENT), deviceCookie(http));
		if (result instanceof MfaChallenge challenge) {
			List<String> methods = new java.util.ArrayList<>();
			if (challenge.totp()) {
				methods.add("totp");
			}
			if (challenge.passkey()) {
				methods.add("passkey");
			}
			methods.add("recovery-code");
			return ResponseEntity.ok(new SignInResponse(null, challenge.expiresAt(), true, challenge.token(), methods));
		}
		return sessionResponse((IssuedSession) result, cookie);
	}

	/**
	 * The second step of signing in to an account with a second factor: the challenge and
	 * a TOTP or recovery code.
	 */
	@Audited("auth.sign-in-second-factor")
	@Operation(operationId = "signInSecondFactor", summary = "Finish signing in with a second factor",
			description = "A TOTP code or a recovery code for the challenge from sign-in.")
	@PostMapping("/auth/login/second-factor")
	ResponseEntity<SignInResponse> secondFactor(@Valid @RequestBody SecondFactorRequest request,
			HttpServletRequest http) {
		IssuedSession session = signIn.completeSignIn(Inputs.required("challenge", request.challenge()),
				Inputs.required("code", request.code()), http.getRemoteAddr(), http.getHeader(HttpHeaders.USER_AGENT),
				deviceCookie(http));
		return sessionResponse(session, "cookie".equals(request.session()));
	}

	/** Confirms the account's address with the token of the link mailed at sign-up. */
	@Audited("auth.verify-email")
	@Operation(operationId = "verifyEmail", summary = "Confirm your email address",
			description = "With the token from the mailed link.")
	@PostMapping("/auth/verify-email")
	ResponseEntity<Void> verifyEmail(@Valid @RequestBody TokenRequest request) {
		verification.verify(Inputs.required("token", request.token()));
		return ResponseEntity.noContent().build();
	}

	/** Completes an email change with the token of the link mailed to the new address. */
	@Audited("auth.confirm-email-change")
	@Operation(operationId = "confirmEmailChange", summary = "Confirm a new email address",
			description = "With the token mailed to the new address.")
	@PostMapping("/auth/confirm-email-change")
	ResponseEntity<Void> confirmEmailChange(@Valid @RequestBody TokenRequest request) {
		emailChange.confirm(Inputs.required("token", request.token()));
		return ResponseEntity.noContent().build();
	}

	/** 202 and the same body whether or not the address has an account. */
	@Audited("auth.password-reset-request")
	@Operation(operationId = "requestPasswordReset", summary = "Ask for a password reset link",
			description = "Always 202: whether the address has an account is not revealed.")
	@PostMapping("/auth/password-reset")
	ResponseEntity<Map<String, String>> requestReset(@Valid @RequestBody ResetRequest request) {
		passwords.requestReset(Inputs.required("email", request.email()));
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(Map.of("next", "If this address has an account, a link to choose a new password is on its way."));
	}

	@Audited("auth.password-reset")
	@Operation(operationId = "completePasswordReset", summary = "Set a new password with a reset link",
			description = "A password that is refused (too weak) leaves the link usable.")
	@PostMapping("/auth/password-reset/complete")
	ResponseEntity<Void> completeReset(@Valid @RequestBody CompleteResetRequest request) {
		passwords.completeReset(Inputs.required("token", request.token()),
				Inputs.required("password", request.password()));
		return ResponseEntity.noContent().build();
	}

	/**
	 * Proves the session's user again for sensitive actions (second factor, or password
	 * without one).
	 */
	@Audited("auth.step-up")
	@Operation(operationId = "stepUp", summary = "Prove it is you again",
			description = "Password, plus a code for accounts with a second factor; sensitive changes need a recent proof.")
	@PostMapping("/auth/step-up")
	ResponseEntity<Void> stepUp(@AuthenticationPrincipal Actor actor, @Valid @RequestBody StepUpRequest request) {
		secondFactors.stepUp(actor, request.password(), request.code());
		return ResponseEntity.noContent().build();
	}

	ResponseEntity<SignInResponse> sessionResponse(IssuedSession session, boolean cookie) {
		String deviceCookie = cookie(SessionCookie.DEVICE_NAME, session.deviceToken(), SessionCookie.DEVICE_LIFETIME)
			.toString();
		if (!cookie) {
			return ResponseEntity.ok()
				.header(HttpHeaders.SET_COOKIE, deviceCookie)
				.body(SignInResponse.session(session.token(), session.expiresAt()));
		}
		ResponseCookie setCookie = cookie(SessionCookie.NAME, session.token(),
				Duration.between(Instant.now(), session.expiresAt()));
		return ResponseEntity.ok()
			.header(HttpHeaders.SET_COOKIE, setCookie.toString())
			.header(HttpHeaders.SET_COOKIE, deviceCookie)
			.body(SignInResponse.session(null, session.expiresAt()));
	}

	@Audited("auth.sign-out")
	@Operation(operationId = "signOut", summary = "Sign out",
			description = "Ends the calling session and clears the cookie.")
	@PostMapping("/auth/logout")
	ResponseEntity<Void> signOut(@AuthenticationPrincipal Actor actor) {
		signIn.signOut(actor);
		// Clear-Site-Data: the browser drops what the pages kept (cache, storage); the
		// session cookie is cleared by name, so the device cookie that vouches for this
		// browser at sign-in stays.
		return ResponseEntity.noContent()
			.header(HttpHeaders.SET_COOKIE, cookie(SessionCookie.NAME, "", Duration.ZERO).toString())
			.header("Clear-Site-Data", "\"cache\", \"storage\"")
			.build();
	}

	@Operation(operationId = "getMe", summary = "Who you are", description = "The signed-in user's profile.")
	@GetMapping("/me")
	MeResponse me(@AuthenticationPrincipal Actor actor) {
		var profile = accounts.profile(actor);
		return new MeResponse(profile.id().value(), profile.email(), profile.displayName(), profile.createdAt(),
				profile.emailVerified(), actor.credential().mfaEnrolled());
	}

	static @Nullable String deviceCookie(HttpServletRequest request) {
		jakarta.servlet.http.Cookie device = WebUtils.getCookie(request, SessionCookie.DEVICE_NAME);
		return device == null ? null : device.getValue();
	}

	private static ResponseCookie cookie(String name, String value, Duration maxAge) {
		return ResponseCookie.from(name, value)
			.secure(true)
			.httpOnly(true)
			.sameSite("Strict")
			.path("/")
			.maxAge(maxAge)
			.build();
	}

}
