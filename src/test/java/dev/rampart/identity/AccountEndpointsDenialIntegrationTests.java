package dev.rampart.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The denial paths of the account endpoints: without a session every one answers 401 and
 * nothing else; with another user's session, another user's sessions, tokens and passkeys
 * are not found; the anonymous steps refuse bad tokens without saying more.
 */
class AccountEndpointsDenialIntegrationTests extends IntegrationTest {

	private static final List<String> SIGNED_IN_ONLY = List.of("POST /me/verify-email/resend", "PUT /me/password",
			"PUT /me/email", "GET /me/sessions", "DELETE /me/sessions/" + UUID.randomUUID(),
			"POST /me/sessions/sign-out-everywhere", "GET /me/api-tokens", "POST /me/api-tokens",
			"DELETE /me/api-tokens/" + UUID.randomUUID(), "GET /me/mfa", "POST /me/mfa/totp",
			"POST /me/mfa/totp/confirm", "DELETE /me/mfa/totp", "POST /me/mfa/recovery-codes", "GET /me/passkeys",
			"POST /me/passkeys/options", "POST /me/passkeys", "DELETE /me/passkeys/abc", "POST /auth/step-up",
			"POST /auth/step-up/passkey/options", "POST /auth/step-up/passkey", "POST /invitations/accept",
			"GET /orgs/" + UUID.randomUUID() + "/invitations", "POST /orgs/" + UUID.randomUUID() + "/invitations",
			"DELETE /orgs/" + UUID.randomUUID() + "/invitations/" + UUID.randomUUID(),
			"PUT /orgs/" + UUID.randomUUID() + "/security", "GET /platform/roles");

	@Test
	void everyAccountEndpointRefusesAnonymousCallers() {
		for (String operation : SIGNED_IN_ONLY) {
			String method = operation.substring(0, operation.indexOf(' '));
			Response response = api().call(method, "/api/v1" + operation.substring(operation.indexOf(' ') + 1), null,
					method.equals("GET") || method.equals("DELETE") ? null : Map.of());
			assertThat(response.status()).as(operation).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		}
	}

	@Test
	void anotherUsersSessionsTokensAndPasskeysAreNotFound() {
		TestUser alice = api().newUser("alice-denial");
		TestUser mallory = api().newUser("mallory-denial");
		String aliceSession = api().get("/api/v1/me/sessions", alice.token())
			.json()
			.path("items")
			.get(0)
			.get("id")
			.asString();
		assertThat(api().call("DELETE", "/api/v1/me/sessions/" + aliceSession, mallory.token(), null).status())
			.isEqualTo(404);
		assertThat(api().get("/api/v1/me", alice.token()).status()).isEqualTo(200);
		String token = api().post("/api/v1/me/api-tokens", alice.token(), Map.of("name", "mine", "access", "read-only"))
			.json()
			.at("/apiToken/id")
			.asString();
		assertThat(api().call("DELETE", "/api/v1/me/api-tokens/" + token, mallory.token(), null).status())
			.isEqualTo(404);
		assertThat(api().get("/api/v1/me/api-tokens", mallory.token()).body()).doesNotContain(token);
		assertThat(api().get("/api/v1/me/sessions", mallory.token()).body()).doesNotContain(aliceSession);
	}

	@Test
	void anonymousStepsRefuseBadTokensAlike() {
		for (String path : List.of("/auth/verify-email", "/auth/password-reset/complete", "/auth/login/second-factor",
				"/invitations/accept-new")) {
			Response forged = api().post("/api/v1" + path, null, Map.of("token", "A".repeat(43), "challenge",
					"A".repeat(43), "code", "123456", "password", "plum-harbour-violet-7-rocket", "displayName", "X"));
			assertThat(forged.status()).as(path).isIn(400, 401);
			assertThat(forged.body()).doesNotContain("Exception", "SQL");
		}
		Response passkey = api().post("/api/v1/auth/passkey", null,
				Map.of("ceremony", "A".repeat(43), "credential", Map.of("id", "x")));
		assertThat(passkey.status()).isIn(400, 401);
	}

}
