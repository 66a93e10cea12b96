package dev.rampart.web;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.audit.Activity;
import dev.rampart.identity.CsrfTokens;
import dev.rampart.identity.SessionAuthentication;
import dev.rampart.shared.Actor;
import dev.rampart.shared.RampartException;
import dev.rampart.shared.SessionCookie;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * Turns a session token into the request's {@link Actor}. API clients send it as
 * {@code Authorization: Bearer}; browsers send the {@code __Host-} cookie, and then a
 * state-changing request must also come from Rampart's own origin (the browser's Origin
 * header) and carry an unused one-time token in {@value #CSRF_HEADER}
 * ({@link CsrfTokens}), so another site cannot ride on the cookie. A bad session token
 * leaves the request anonymous, which protected routes answer with 401.
 */
final class SessionTokenFilter extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private static final String BEARER = "Bearer ";

	private static final String CSRF_HEADER = SessionCookie.CSRF_HEADER;

	/**
	 * Where the security filter chain finds the request's context on later dispatches.
	 */
	static final RequestAttributeSecurityContextRepository CONTEXTS = new RequestAttributeSecurityContextRepository();

	private final SessionAuthentication authentication;

	private final CredentialPolicies credentials;

	private final ProblemResponses problems;

	private final CsrfTokens csrfTokens;

	private final String cookieName;

	SessionTokenFilter(SessionAuthentication authentication, CredentialPolicies credentials, CsrfTokens csrfTokens,
			ProblemResponses problems, String cookieName) {
		this.authentication = authentication;
		this.credentials = credentials;
		this.csrfTokens = csrfTokens;
		this.problems = problems;
		this.cookieName = cookieName;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		Optional<String> cookie = cookieToken(request);
		Optional<String> token = authorization != null
				? Optional.of(authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
						? authorization.substring(BEARER.length()).strip() : "")
				: cookie;
		if (token.isPresent()) {
			if (authorization == null && !SAFE_METHODS.contains(request.getMethod()) && !sameOrigin(request)) {
				Activity.detail("cross-origin request refused");
				problems.write(response, ProblemResponses.problem(HttpStatus.FORBIDDEN, "cross-origin-request",
						"a request authenticated by the session cookie must come from this site"));
				return;
			}
			Optional<Actor> actor = authentication.authenticate(token.get());
			actor.ifPresent(known -> Activity.actor(known.userId(), known.sessionId()));
			// Whether this credential may change anything is the access module's rule (a
			// read-only API token may not); GraphQL asks it per mutation.
			if (actor.isPresent() && !SAFE_METHODS.contains(request.getMethod())
					&& !request.getRequestURI().equals("/graphql")) {
				try {
					credentials.requireMayChange(actor.get());
				}
				catch (RampartException refused) {
					problems.write(response,
							ProblemResponses.problem(HttpStatus.FORBIDDEN, refused.code(), refused.getMessage()));
					return;
				}
			}
			if (actor.isPresent() && authorization == null && !SAFE_METHODS.contains(request.getMethod()) && !csrfTokens
				.consume(actor.get(), Objects.requireNonNullElse(request.getHeader(CSRF_HEADER), ""))) {
				Activity.detail("CSRF token missing or used");
				problems.write(response, ProblemResponses.problem(HttpStatus.FORBIDDEN, "csrf-token-invalid",
						"a change made with the session cookie needs an unused token from GET /api/v1/auth/csrf-tokens in "
								+ CSRF_HEADER));
				return;
			}
			actor.ifPresent(signedIn -> {
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(new ActorAuthentication(signedIn));
				SecurityContextHolder.setContext(context);
				// Kept on the request too: an asynchronous dispatch (GraphQL answers
				// asynchronously, on another thread with virtual threads) restores it
				// from there without a second lookup.
				CONTEXTS.saveContext(context, request, response);
			});
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private Optional<String> cookieToken(HttpServletRequest request) {
		return Optional.ofNullable(WebUtils.getCookie(request, cookieName)).map(Cookie::getValue);
	}

	/**
	 * The Origin header, or failing that the Referer's origin (some browsers omit
	 * Origin).
	 */
	private static boolean sameOrigin(HttpServletRequest request) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null || "null".equals(origin)) {
			origin = request.getHeader(HttpHeaders.REFERER);
		}
		if (origin == null) {
			return false;
		}
		try {
			URI uri = URI.create(origin);
			int port = uri.getPort() == -1 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
			return request.getScheme().equals(uri.getScheme())
					&& request.getServerName().equalsIgnoreCase(uri.getHost()) && request.getServerPort() == port;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** The authenticated request: its principal is the {@link Actor}. */
	static final class ActorAuthentication extends AbstractAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final Actor actor;

		ActorAuthentication(Actor actor) {
			super(List.of(new SimpleGrantedAuthority("ROLE_USER")));
			this.actor = actor;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Actor getPrincipal() {
			return actor;
		}

	}

}
