package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Sign-up, sign-in and every way a session token can be wrong. */
class AuthenticationIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase ownerDatabase;

	@Test
	void missingMalformedForgedExpiredIdleAndRevokedTokensGet401AndNoData() throws SQLException {
		TestUser user = api().newUser("tokens");
		assertThat(api().get("/api/v1/me", user.token()).status()).isEqualTo(200);

		assertUnauthenticated(api().get("/api/v1/me", null));
		assertUnauthenticated(api().call("GET", "/api/v1/me", null, null, Map.of("Authorization", "Basic eDp5")));
		assertUnauthenticated(api().get("/api/v1/me", "not-a-token"));
		assertUnauthenticated(api().get("/api/v1/me", user.token() + "x"));
		byte[] forged = new byte[32];
		new SecureRandom().nextBytes(forged);
		assertUnauthenticated(api().get("/api/v1/me", Base64.getUrlEncoder().withoutPadding().encodeToString(forged)));
		assertUnauthenticated(api().get("/api/v1/orgs", "'; drop table rampart.users; --"));

		TestUser expired = api().newUser("expired");
		sessions("update rampart.user_sessions set expires_at = now() - interval '1 second' where user_id = ?",
				expired.id());
		assertUnauthenticated(api().get("/api/v1/me", expired.token()));

		TestUser idle = api().newUser("idle");
		sessions("update rampart.user_sessions set last_seen_at = now() - interval '31 minutes' where user_id = ?",
				idle.id());
		assertUnauthenticated(api().get("/api/v1/me", idle.token()));

		assertThat(api().post("/api/v1/auth/logout", user.token(), null).status()).isEqualTo(204);
		assertUnauthenticated(api().get("/api/v1/me", user.token()));
		assertUnauthenticated(api().get("/api/v1/orgs", user.token()));
	}

	@Test
	void anotherUsersTokenSeesOnlyThatUsersData() {
		TestUser owner = api().newUser("own");
		TestUser other = api().newUser("other");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Private"));
		assertThat(api().get("/api/v1/me", other.token()).text("email")).isEqualTo(other.email());
		assertThat(api().get("/api/v1/orgs/" + org, other.token()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/orgs", other.token()).json().get("items").size()).isZero();
	}

	@Test
	void tokensAreStoredOnlyAsHashesAndPasswordsAsPepperedBcryptCost12() throws SQLException {
		TestUser user = api().newUser("stored");
		try (Connection c = ownerDatabase.connect();
				PreparedStatement ps = c.prepareStatement("select u.password_hash, s.token_hash from rampart.users u "
						+ "join rampart.user_sessions s on s.user_id = u.id where u.id = ?")) {
			ps.setObject(1, UUID.fromString(user.id()));
			try (ResultSet rs = ps.executeQuery()) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).matches("\\{bcrypt-hmac\\}\\$2b\\$12\\$[./A-Za-z0-9]{53}");
				assertThat(rs.getString(1)).doesNotContain(Api.STRONG_PASSWORD);
				byte[] hash = rs.getBytes(2);
				assertThat(hash).hasSize(32);
				assertThat(new String(hash, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(user.token());
			}
		}
	}

	@Test
	void unknownEmailAndWrongPasswordGetTheSameAnswer() {
		TestUser user = api().newUser("same");
		Api.Response wrongPassword = api().post("/api/v1/auth/login", null,
				Map.of("email", user.email(), "password", "wrong-password-123"));
		Api.Response unknown = api().post("/api/v1/auth/login", null,
				Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", "wrong-password-123"));
		assertThat(wrongPassword.status()).isEqualTo(401);
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(wrongPassword.json().get("detail")).isEqualTo(unknown.json().get("detail"));
		assertThat(wrongPassword.json().get("type")).isEqualTo(unknown.json().get("type"));
	}

	@Test
	void signInIsCaseInsensitiveOnEmailAndSignUpRefusesWeakPasswordsWithAReason() {
		String email = Api.newEmail("Case");
		assertThat(api().signUp(email, "Case", Api.STRONG_PASSWORD).status()).isEqualTo(202);
		assertThat(api().login(email.toUpperCase(java.util.Locale.ROOT), Api.STRONG_PASSWORD)).hasSize(43);
		Api.Response weak = api().signUp(Api.newEmail("weak"), "Weak", "password1");
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.text("detail")).contains("commonly used");
	}

	@Test
	void signUpAnswersTheSameWhetherOrNotTheAddressHasAnAccount() {
		String email = Api.newEmail("Enumerate");
		Api.Response first = api().signUp(email, "First", Api.STRONG_PASSWORD);
		Api.Response again = api().signUp(email, "Second", "another-" + Api.STRONG_PASSWORD);
		assertThat(again.status()).isEqualTo(first.status()).isEqualTo(202);
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(again.headers().map().keySet()).isEqualTo(first.headers().map().keySet());
		assertThat(api().login(email, Api.STRONG_PASSWORD)).as("the existing account is untouched").hasSize(43);
		Api.Response secondPassword = api().post("/api/v1/auth/login", null,
				Map.of("email", email, "password", "another-" + Api.STRONG_PASSWORD));
		assertThat(secondPassword.status()).isEqualTo(401);
	}

	@Test
	void browserSessionsUseAHostOnlyCookieAndStateChangesMustComeFromThisOrigin() {
		TestUser user = api().newUser("browser");
		Api.Response login = api().post("/api/v1/auth/login", null,
				Map.of("email", user.email(), "password", Api.STRONG_PASSWORD, "session", "cookie"));
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.json().get("token").isNull()).isTrue();
		String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(setCookie).startsWith("__Host-rampart-session=")
			.contains("Secure", "HttpOnly", "SameSite=Strict", "Path=/");
		String cookie = setCookie.substring(0, setCookie.indexOf(';'));
		assertThat(api().call("GET", "/api/v1/me", null, null, Map.of("Cookie", cookie)).status()).isEqualTo(200);
		String self = "https://localhost:" + HTTPS_PORT;
		String csrf = api().call("GET", "/api/v1/auth/csrf-tokens", null, null, Map.of("Cookie", cookie))
			.json()
			.path("tokens")
			.get(0)
			.asString();
		assertThat(api()
			.call("POST", "/api/v1/orgs", null, Map.of("name", "x"),
					Map.of("Cookie", cookie, "Origin", self, "X-CSRF-Token", csrf))
			.status()).isEqualTo(201);
		assertThat(api()
			.call("POST", "/api/v1/orgs", null, Map.of("name", "x"),
					Map.of("Cookie", cookie, "Origin", "https://evil.example"))
			.status()).isEqualTo(403);
		assertThat(api().call("POST", "/api/v1/orgs", null, Map.of("name", "x"), Map.of("Cookie", cookie)).status())
			.isEqualTo(403);
	}

	private void sessions(String sql, String user) throws SQLException {
		try (Connection c = ownerDatabase.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
			ps.setObject(1, UUID.fromString(user));
			assertThat(ps.executeUpdate()).isEqualTo(1);
		}
	}

	private static void assertUnauthenticated(Api.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("email", "org");
	}

}
