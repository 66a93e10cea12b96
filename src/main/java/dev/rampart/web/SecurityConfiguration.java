package dev.rampart.web;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.identity.CsrfTokens;
import dev.rampart.identity.SessionAuthentication;
import dev.rampart.ratelimit.RateLimits;
import dev.rampart.shared.SessionCookie;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Deny by default: only sign-up, sign-in, health and the API description are open;
 * everything else needs a valid session token. No server-side HTTP session exists.
 * Control C12 (docs/controls.md).
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * One policy for pages and API answers alike. Pages run only the bundle's own scripts
	 * and styles (no inline script or style element, no eval), and assigning a string to
	 * innerHTML and the like needs a Trusted Type: the only policies allowed are the UI's
	 * "rampart-html", which passes on the server's sanitised Markdown HTML and nothing
	 * else, and "rampart-worker", which vouches for the service worker's one URL.
	 */
	static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
			+ "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; "
			+ "require-trusted-types-for 'script'; trusted-types rampart-html rampart-worker; "
			+ "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

	/**
	 * Actuator's endpoints live only on the management port (loopback by default, see
	 * application.yaml) and hold no tenant data: open there, read-only, no session.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain managementFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests(
					requests -> requests.requestMatchers(HttpMethod.GET).permitAll().anyRequest().denyAll())
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable);
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain securityFilterChain(HttpSecurity http, SessionAuthentication authentication,
			CredentialPolicies credentials, CsrfTokens csrfTokens, ProblemResponses problems, WebSettings settings,
			RateLimits rateLimits) throws Exception {
		SessionTokenFilter sessions = new SessionTokenFilter(authentication, credentials, csrfTokens, problems,
				SessionCookie.NAME);
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext(context -> context.securityContextRepository(SessionTokenFilter.CONTEXTS))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.addFilterBefore(sessions, AnonymousAuthenticationFilter.class)
			.addFilterBefore(new RateLimitFilter(rateLimits, problems, RateLimitFilter.Stage.ADDRESS),
					SessionTokenFilter.class)
			.addFilterAfter(new RateLimitFilter(rateLimits, problems, RateLimitFilter.Stage.IDENTITY),
					SessionTokenFilter.class)
			.authorizeHttpRequests(
					requests -> requests.requestMatchers(HttpMethod.POST, PublicRoutes.POST.toArray(String[]::new))
						.permitAll()
						.requestMatchers(HttpMethod.GET, PublicRoutes.GET.toArray(String[]::new))
						.permitAll()
						// The web application's pages and files hold no data: it asks the
						// API for that.
						.requestMatchers(HttpMethod.GET, WebApplicationPages.PAGES.toArray(String[]::new))
						.permitAll()
						.requestMatchers(HttpMethod.GET, WebApplicationPages.ASSETS.toArray(String[]::new))
						.permitAll()
						.requestMatchers("/error")
						.permitAll()
						.anyRequest()
						.authenticated())
			.exceptionHandling(errors -> errors
				.authenticationEntryPoint((request, response, ex) -> problems.write(response,
						ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
								"a valid session or API token is required")))
				.accessDeniedHandler((request, response, ex) -> problems.write(response,
						ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden", "access denied"))))
			.headers(headers -> headers
				.httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(31_536_000).includeSubDomains(true))
				.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
				.frameOptions(frame -> frame.deny()));
		return http.build();
	}

}
