package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** C13: cookie-authenticated changes need a one-time token bound to the session. */
class CsrfTokenIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase ownerDatabase;

	private String self() {
		return "https://localhost:" + HTTPS_PORT;
	}

	private String cookieSession(TestUser user) {
		return api().cookieSession(user.email(), Api.STRONG_PASSWORD);
	}

	private List<String> tokens(String cookie, int count) {
		Api.Response issued = api().call("GET", "/api/v1/auth/csrf-tokens?count=" + count, null, null,
				Map.of("Cookie", cookie));
		assertThat(issued.status()).as(issued.body()).isEqualTo(200);
		List<String> tokens = new ArrayList<>();
		issued.json().path("tokens").forEach(t -> tokens.add(t.asString()));
		return tokens;
	}

	private Api.Response createOrg(String cookie, String token) {
		Map<String, String> headers = token == null ? Map.of("Cookie", cookie, "Origin", self())
				: Map.of("Cookie", cookie, "Origin", self(), "X-CSRF-Token", token);
		return api().call("POST", "/api/v1/orgs", null, Map.of("name", "Csrf"), headers);
	}

	@Test
	void missingReplayedForeignAndExpiredTokensAreRefused() throws Exception {
		TestUser user = api().newUser("csrf");
		String cookie = cookieSession(user);
		String otherSession = cookieSession(user);
		assertCsrfRefused(createOrg(cookie, null));
		assertCsrfRefused(createOrg(cookie, "not-a-token"));
		String token = tokens(cookie, 1).get(0);
		assertThat(createOrg(cookie, token).status()).isEqualTo(201);
		assertCsrfRefused(createOrg(cookie, token));
		String foreign = tokens(otherSession, 1).get(0);
		assertCsrfRefused(createOrg(cookie, foreign));
		assertThat(createOrg(otherSession, foreign).status()).as("still unused in its own session").isEqualTo(201);
		String expiring = tokens(cookie, 1).get(0);
		try (Connection c = ownerDatabase.connect();
				PreparedStatement expire = c.prepareStatement(
						"update rampart.csrf_tokens set expires_at = now() - interval '1 second' where user_id = ?::uuid")) {
			expire.setString(1, user.id());
			assertThat(expire.executeUpdate()).isPositive();
		}
		assertCsrfRefused(createOrg(cookie, expiring));
		assertThat(
				api().call("GET", "/api/v1/auth/csrf-tokens?count=21", null, null, Map.of("Cookie", cookie)).status())
			.isEqualTo(400);
	}

	@Test
	void severalTokensAllowParallelChanges() {
		TestUser user = api().newUser("csrf-parallel");
		String cookie = cookieSession(user);
		List<CompletableFuture<Integer>> calls = tokens(cookie, 5).stream()
			.map(token -> CompletableFuture.supplyAsync(() -> createOrg(cookie, token).status()))
			.toList();
		assertThat(calls.stream().map(CompletableFuture::join).toList()).containsOnly(201);
	}

	@Test
	void refererStandsInForAMissingOrigin() {
		TestUser user = api().newUser("csrf-referer");
		String cookie = cookieSession(user);
		List<String> tokens = tokens(cookie, 3);
		assertThat(
				api()
					.call("POST", "/api/v1/orgs", null, Map.of("name", "Referer"),
							Map.of("Cookie", cookie, "Referer", self() + "/app/projects", "X-CSRF-Token",
									tokens.get(0)))
					.status())
			.isEqualTo(201);
		assertThat(api()
			.call("POST", "/api/v1/orgs", null, Map.of("name", "Referer"),
					Map.of("Cookie", cookie, "Referer", "https://evil.example/page", "X-CSRF-Token", tokens.get(1)))
			.status()).isEqualTo(403);
		assertThat(api()
			.call("POST", "/api/v1/orgs", null, Map.of("name", "Referer"),
					Map.of("Cookie", cookie, "Origin", "null", "X-CSRF-Token", tokens.get(2)))
			.status()).isEqualTo(403);
	}

	@Test
	void tokensAndPersonalTaskListsNeedASignedInUser() {
		assertThat(api().get("/api/v1/auth/csrf-tokens", null).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/tasks?assignee=me", null).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/tasks?sharedWith=me", null).status()).isEqualTo(401);
	}

	@Test
	void bearerTokenClientsNeedNoCsrfToken() {
		TestUser user = api().newUser("csrf-bearer");
		assertThat(api().post("/api/v1/orgs", user.token(), Map.of("name", "Bearer")).status()).isEqualTo(201);
	}

	private static void assertCsrfRefused(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(403);
		assertThat(response.text("type")).isEqualTo("urn:rampart:problem:csrf-token-invalid");
	}

}
