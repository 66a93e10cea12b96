package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * C13 and C25, the browser's side as the server enforces it: a session cookie runs
 * registered GraphQL documents only (bearer tokens still send their own), the pages come
 * with the strict CSP and never cached, the hashed assets cached for a year, and sign-out
 * clears what the page kept.
 */
class BrowserSessionIntegrationTests extends IntegrationTest {

	private String self() {
		return "https://localhost:" + HTTPS_PORT;
	}

	private String cookieSession(TestUser user) {
		return api().cookieSession(user.email(), Api.STRONG_PASSWORD);
	}

	private String csrfToken(String cookie) {
		return api().call("GET", "/api/v1/auth/csrf-tokens?count=1", null, null, Map.of("Cookie", cookie))
			.json()
			.path("tokens")
			.get(0)
			.asString();
	}

	private Api.Response graphqlWithCookie(String cookie, Map<String, Object> body) {
		return api().call("POST", "/graphql", null, body,
				Map.of("Cookie", cookie, "Origin", self(), "X-CSRF-Token", csrfToken(cookie)));
	}

	private static String sha256(String text) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void aCookieSessionRunsOnlyRegisteredDocumentsWhileTokensSendTheirOwn() throws Exception {
		TestUser user = api().newUser("browser-docs");
		String cookie = cookieSession(user);
		Api.Response arbitrary = graphqlWithCookie(cookie, Map.of("query", "{ viewer { email } }"));
		assertThat(arbitrary.json().path("errors").get(0).path("extensions").path("code").asString())
			.as(arbitrary.body())
			.isEqualTo("PERSISTED_QUERY_REQUIRED");
		assertThat(arbitrary.json().path("data").isMissingNode() || arbitrary.json().path("data").isNull()).isTrue();
		Map<String, Object> unknownHash = Map.of("extensions",
				Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", sha256("{ viewer { id } }"))));
		assertThat(graphqlWithCookie(cookie, unknownHash).json()
			.path("errors")
			.get(0)
			.path("extensions")
			.path("code")
			.asString()).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
		// Sending an unregistered text with its hash does not register it for the browser
		// either.
		Map<String, Object> textWithHash = Map.of("query", "{ viewer { id } }", "extensions",
				Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", sha256("{ viewer { id } }"))));
		assertThat(graphqlWithCookie(cookie, textWithHash).json()
			.path("errors")
			.get(0)
			.path("extensions")
			.path("code")
			.asString()).isEqualTo("PERSISTED_QUERY_REQUIRED");
		String registered = new String(
				getClass().getResourceAsStream("/graphql/persisted/my-assigned-tasks.graphql").readAllBytes(),
				StandardCharsets.UTF_8);
		Api.Response byHash = graphqlWithCookie(cookie, Map.of("variables", Map.of("first", 5), "extensions",
				Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", sha256(registered)))));
		assertThat(byHash.status()).isEqualTo(200);
		assertThat(byHash.json().has("errors")).as(byHash.body()).isFalse();
		assertThat(byHash.json().path("data").path("viewer").path("assignedTasks").has("nodes")).isTrue();
		assertThat(api().graphql(user.token(), "{ viewer { email } }", Map.of())
			.json()
			.path("data")
			.path("viewer")
			.path("email")
			.asString()).as("a bearer token still sends documents").isEqualTo(user.email());
	}

	@Test
	void pagesCarryTheStrictPolicyAndAreNeverCached() {
		for (String page : List.of("/", "/signin", "/verify-email", "/invitation",
				"/projects/0b7c1d52-0000-4000-8000-000000000000/board", "/orgs/x/admin/activity", "/account/security",
				"/platform")) {
			Api.Response response = api().call("GET", page, null, null, Map.of("Accept", "text/html"));
			assertThat(response.status()).as(page).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).as(page).startsWith("text/html");
			assertThat(response.body()).as(page).contains("<div id=\"root\">");
			assertThat(response.headers().firstValue("Cache-Control").orElse("")).as(page).contains("no-store");
			String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
			assertThat(csp).as(page)
				.contains("script-src 'self'", "style-src 'self'", "require-trusted-types-for 'script'",
						"trusted-types rampart-html rampart-worker", "frame-ancestors 'none'", "object-src 'none'")
				.doesNotContain("unsafe-inline", "unsafe-eval");
		}
		Api.Response asset = api().call("GET", "/assets/test-asset.js", null, null, Map.of());
		assertThat(asset.status()).isEqualTo(200);
		assertThat(asset.headers().firstValue("Cache-Control").orElse("")).contains("max-age=31536000", "immutable");
		Api.Response unknown = api().call("GET", "/not-a-page", null, null, Map.of("Accept", "text/html"));
		assertThat(unknown.status()).as("only the application's routes are pages").isIn(401, 404);
		assertThat(unknown.body()).doesNotContain("<div id=\"root\">");
		assertThat(api().call("GET", "/.vite/manifest.json", null, null, Map.of()).status()).isIn(401, 404);
	}

	@Test
	void signingOutClearsWhatThePageKept() {
		TestUser user = api().newUser("browser-signout");
		String cookie = cookieSession(user);
		Api.Response out = api().call("POST", "/api/v1/auth/logout", null, Map.of(),
				Map.of("Cookie", cookie, "Origin", self(), "X-CSRF-Token", csrfToken(cookie)));
		assertThat(out.status()).isEqualTo(204);
		assertThat(out.headers().firstValue("Clear-Site-Data").orElse("")).contains("\"cache\"", "\"storage\"");
		assertThat(out.headers().allValues("Set-Cookie"))
			.anyMatch(c -> c.startsWith("__Host-rampart-session=;") && c.contains("Max-Age=0"));
		assertThat(api().call("GET", "/api/v1/me", null, null, Map.of("Cookie", cookie)).status()).isEqualTo(401);
	}

}
