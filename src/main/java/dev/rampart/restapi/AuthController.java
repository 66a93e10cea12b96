package dev.rampart.restapi;

import dev.rampart.shared.Audited;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Pattern;
import dev.rampart.identity.Accounts;
import dev.rampart.identity.CsrfTokens;
import dev.rampart.identity.IssuedSession;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.SessionCookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

@RestController
@RequestMapping("/api/v1")
class AuthController {

	record SignUpRequest(@NotBlank @Size(max = 254) @Nullable String email,
			@NotBlank @Size(max = Accounts.DISPLAY_NAME_MAX) @Nullable String displayName,
			@NotBlank @Size(max = 4096) @Nullable String password) {
	}

	/** {@code session}: "token" (default) returns the token; "cookie" sets it as an HttpOnly cookie instead. */
	record SignInRequest(@NotBlank @Size(max = 254) @Nullable String email,
			@NotBlank @Size(max = 4096) @Nullable String password,
			@Pattern(regexp = "token|cookie", message = "must be token or cookie") @Nullable String session) {
	}

	/** The same answer whether or not the address already had an account. */
	record SignUpResponse(String email, String next) {
	}

	record SignInResponse(@Nullable String token, Instant expiresAt) {
	}

	record MeResponse(UUID id, String email, String displayName, Instant createdAt) {
	}

	record CsrfTokensResponse(List<String> tokens, Instant expiresAt, String header) {
	}

	private final Accounts accounts;

	private final CsrfTokens csrfTokens;

	AuthController(Accounts accounts, CsrfTokens csrfTokens) {
		this.accounts = accounts;
		this.csrfTokens = csrfTokens;
	}

	/**
	 * One-time tokens for changes made with the session cookie: each works once, for its session,
	 * until it expires. Ask for several to make changes in parallel. Bearer-token clients do not
	 * need them.
	 */
	@GetMapping("/auth/csrf-tokens")
	CsrfTokensResponse csrfTokens(@AuthenticationPrincipal Actor actor, @RequestParam Optional<Integer> count) {
		CsrfTokens.Issued issued = csrfTokens.issue(actor, count.orElse(1));
		return new CsrfTokensResponse(issued.tokens(), issued.expiresAt(), SessionCookie.CSRF_HEADER);
	}

	/**
	 * 202 with the same body whether the account was created or the address already had one, so
	 * the answer cannot be used to find out who has an account. Invalid input still gets 400.
	 */
	@Audited("auth.sign-up")
	@PostMapping("/auth/signup")
	ResponseEntity<SignUpResponse> signUp(@Valid @RequestBody SignUpRequest request) {
		String email = Inputs.required("email", request.email());
		accounts.signUp(email, Inputs.required("displayName", request.displayName()),
				Inputs.required("password", request.password()));
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(new SignUpResponse(email, "If this address had no account, one now exists: sign in with it."));
	}

	@Audited("auth.sign-in")
	@PostMapping("/auth/login")
	ResponseEntity<SignInResponse> signIn(@Valid @RequestBody SignInRequest request, HttpServletRequest http) {
		boolean cookie = "cookie".equals(request.session()); // anything but token|cookie was refused by @Pattern
		IssuedSession session = accounts.signIn(Inputs.required("email", request.email()),
				Inputs.required("password", request.password()), http.getRemoteAddr(),
				deviceCookie(http));
		String deviceCookie = cookie(SessionCookie.DEVICE_NAME, session.deviceToken(), SessionCookie.DEVICE_LIFETIME)
			.toString();
		if (!cookie) {
			return ResponseEntity.ok()
				.header(HttpHeaders.SET_COOKIE, deviceCookie)
				.body(new SignInResponse(session.token(), session.expiresAt()));
		}
		ResponseCookie setCookie = cookie(SessionCookie.NAME, session.token(),
				Duration.between(Instant.now(), session.expiresAt()));
		return ResponseEntity.ok()
			.header(HttpHeaders.SET_COOKIE, setCookie.toString())
			.header(HttpHeaders.SET_COOKIE, deviceCookie)
			.body(new SignInResponse(null, session.expiresAt()));
	}

	@Audited("auth.sign-out")
	@PostMapping("/auth/logout")
	ResponseEntity<Void> signOut(@AuthenticationPrincipal Actor actor) {
		accounts.signOut(actor);
		return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie(SessionCookie.NAME, "", Duration.ZERO).toString()).build();
	}

	@GetMapping("/me")
	MeResponse me(@AuthenticationPrincipal Actor actor) {
		var profile = accounts.profile(actor);
		return new MeResponse(profile.id().value(), profile.email(), profile.displayName(), profile.createdAt());
	}

	private static @Nullable String deviceCookie(HttpServletRequest request) {
		jakarta.servlet.http.Cookie device = WebUtils.getCookie(request, SessionCookie.DEVICE_NAME);
		return device == null ? null : device.getValue();
	}

	private static ResponseCookie cookie(String name, String value, Duration maxAge) {
		return ResponseCookie.from(name, value).secure(true).httpOnly(true).sameSite("Strict").path("/")
			.maxAge(maxAge).build();
	}

}
