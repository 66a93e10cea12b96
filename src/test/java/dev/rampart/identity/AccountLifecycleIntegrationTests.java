package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.API_TOKENS;
import static dev.rampart.db.schema.Tables.ONE_TIME_TOKENS;
import static dev.rampart.db.schema.Tables.TOTP_CREDENTIALS;
import static dev.rampart.db.schema.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.MailServer;
import dev.rampart.SecondFactor;
import dev.rampart.SoftwareAuthenticator;
import dev.rampart.TotpCodes;
import dev.rampart.db.OwnerDatabase;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The account lifecycle through the API, with mail read from a real SMTP server: sign-up,
 * address confirmation, TOTP, recovery codes, passkeys (a software authenticator),
 * step-up, password change and reset, sessions, API tokens and security alerts.
 */
class AccountLifecycleIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Test
	void signUpVerifyTotpRecoveryCodePasskeyStepUpResetAndSessionsEnd() {
		String email = Api.newEmail("lifecycle");
		assertThat(api().signUp(email, "Life Cycle", Api.STRONG_PASSWORD).status()).isEqualTo(202);
		String verifyToken = MAIL.awaitToken(email, "Confirm your email address");
		String token = api().login(email, Api.STRONG_PASSWORD);
		assertThat(api().get("/api/v1/me", token).json().get("emailVerified").asBoolean()).isFalse();
		assertThat(api().post("/api/v1/auth/verify-email", null, Map.of("token", verifyToken)).status()).isEqualTo(204);
		assertThat(api().get("/api/v1/me", token).json().get("emailVerified").asBoolean()).isTrue();
		Response reused = api().post("/api/v1/auth/verify-email", null, Map.of("token", verifyToken));
		assertThat(reused.status()).as("single use").isEqualTo(400);
		assertThat(reused.body()).contains("invalid-token");

		// TOTP: enrolment shows the secret and a QR code; only a valid code confirms it.
		Response started = api().post("/api/v1/me/mfa/totp", token, null);
		String secret = started.text("secret");
		assertThat(started.text("uri"))
			.startsWith("otpauth://totp/Rampart:"
					+ java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8))
			.contains("secret=" + secret, "period=30", "digits=6", "issuer=Rampart");
		byte[] png = java.util.Base64.getDecoder().decode(started.text("qrPngBase64"));
		assertThat(png).startsWith(0x89, 'P', 'N', 'G');
		assertThat(api().post("/api/v1/me/mfa/totp/confirm", token, Map.of("code", "000000")).status()).isEqualTo(400);
		String firstCode = TotpCodes.code(secret, 0);
		Response confirmed = api().post("/api/v1/me/mfa/totp/confirm", token, Map.of("code", firstCode));
		assertThat(confirmed.status()).isEqualTo(200);
		List<String> recovery = new ArrayList<>();
		confirmed.json().get("recoveryCodes").forEach(c -> recovery.add(c.asString()));
		assertThat(recovery).hasSize(10)
			.doesNotHaveDuplicates()
			.allMatch(c -> c.matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"));
		MAIL.await(email, "authenticator app (TOTP) was added", 1);
		byte[] storedSeed = owner.transaction(sql -> sql.select(TOTP_CREDENTIALS.SEED)
			.from(TOTP_CREDENTIALS)
			.where(TOTP_CREDENTIALS.USER_ID.eq(UUID.fromString(api().get("/api/v1/me", token).text("id"))))
			.fetchSingle(TOTP_CREDENTIALS.SEED));
		assertThat(HexFormat.of().formatHex(storedSeed))
			.doesNotContain(HexFormat.of().formatHex(TotpCodesAccess.decode(secret)));

		// Sign-in is now two steps; the password alone yields no session.
		Response first = api().post("/api/v1/auth/login", null,
				Map.of("email", email, "password", Api.STRONG_PASSWORD));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().get("token").isNull()).isTrue();
		assertThat(first.json().get("mfaRequired").asBoolean()).isTrue();
		assertThat(first.body()).contains("totp", "recovery-code");
		String challenge = first.text("challenge");
		assertThat(secondFactor(challenge, "123456").status()).isEqualTo(401);
		assertThat(secondFactor(challenge, firstCode).status()).as("a code is never accepted twice").isEqualTo(401);
		Response withTotp = secondFactor(challenge, TotpCodes.code(secret, 1));
		assertThat(withTotp.status()).isEqualTo(200);
		String mfaSession = withTotp.text("token");
		assertThat(api().get("/api/v1/me", mfaSession).json().get("mfaEnrolled").asBoolean()).isTrue();
		assertThat(secondFactor(challenge, TotpCodes.code(secret, 1)).status()).as("the challenge works once")
			.isEqualTo(400);

		// A recovery code works once.
		String code = recovery.remove(0);
		String viaRecovery = SecondFactor.signIn(api(), email, code);
		Response again = api().post("/api/v1/auth/login", null,
				Map.of("email", email, "password", Api.STRONG_PASSWORD));
		assertThat(secondFactor(again.text("challenge"), code).status()).isEqualTo(401);

		// Passkey: registered from a session with a second factor, then used after the
		// password and passwordless.
		SoftwareAuthenticator key = new SoftwareAuthenticator("https://localhost:" + HTTPS_PORT);
		Response options = api().post("/api/v1/me/passkeys/options", viaRecovery, null);
		assertThat(options.status()).as(options.body()).isEqualTo(200);
		Response registered = api().post("/api/v1/me/passkeys", viaRecovery,
				Map.of("ceremony", options.text("ceremony"), "credential", key.create(options.json().get("options")),
						"label", "Test key"));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		assertThat(api().get("/api/v1/me/passkeys", viaRecovery).body()).contains("Test key", key.credentialId());
		MAIL.await(email, "A passkey", 1);

		Response password = api().post("/api/v1/auth/login", null,
				Map.of("email", email, "password", Api.STRONG_PASSWORD));
		assertThat(password.body()).contains("passkey");
		Response afterPassword = api().post("/api/v1/auth/passkey/options", null,
				Map.of("challenge", password.text("challenge")));
		Response passkeySession = api().post("/api/v1/auth/passkey", null,
				Map.of("ceremony", afterPassword.text("ceremony"), "challenge", password.text("challenge"),
						"credential", key.get(afterPassword.json().get("options"))));
		assertThat(passkeySession.status()).as(passkeySession.body()).isEqualTo(200);
		assertThat(api().get("/api/v1/me", passkeySession.text("token")).status()).isEqualTo(200);

		Response passwordless = api().post("/api/v1/auth/passkey/options", null, null);
		assertThat(passwordless.json().at("/options/userVerification").asString()).isEqualTo("required");
		Response phished = api().post("/api/v1/auth/passkey", null, Map.of("ceremony", passwordless.text("ceremony"),
				"credential", key.get(passwordless.json().get("options"), "https://rampart.example.evil")));
		assertThat(phished.status()).as("another origin's assertion").isEqualTo(401);
		Response passwordless2 = api().post("/api/v1/auth/passkey/options", null, null);
		Response noPassword = api().post("/api/v1/auth/passkey", null, Map.of("ceremony",
				passwordless2.text("ceremony"), "credential", key.get(passwordless2.json().get("options"))));
		assertThat(noPassword.status()).as(noPassword.body()).isEqualTo(200);
		String passkeyToken = noPassword.text("token");

		// Step-up: after the window, sensitive actions answer 403 step-up-required until
		// a second factor is shown.
		owner.transaction(sql -> sql.update(USER_SESSIONS)
			.set(USER_SESSIONS.PROVEN_AT, Instant.now().minusSeconds(7200))
			.where(USER_SESSIONS.TOKEN_HASH.eq(SessionTokens.sha256(passkeyToken)))
			.execute());
		Response stale = api().post("/api/v1/me/api-tokens", passkeyToken, Map.of("name", "ci", "access", "read-only"));
		assertThat(stale.status()).isEqualTo(403);
		assertThat(stale.body()).contains("step-up-required");
		Response stepOptions = api().post("/api/v1/auth/step-up/passkey/options", passkeyToken, null);
		assertThat(api()
			.post("/api/v1/auth/step-up/passkey", passkeyToken, Map.of("ceremony", stepOptions.text("ceremony"),
					"credential", key.get(stepOptions.json().get("options"))))
			.status()).isEqualTo(204);
		assertThat(
				api().post("/api/v1/me/api-tokens", passkeyToken, Map.of("name", "ci", "access", "read-only")).status())
			.isEqualTo(201);

		// Password reset: the link works once, every session ends, the new password signs
		// in.
		assertThat(api().post("/api/v1/auth/password-reset", null, Map.of("email", email)).status()).isEqualTo(202);
		String resetToken = MAIL.awaitToken(email, "Reset your Rampart password");
		String newPassword = "quiet-lantern-orbit-42-mango";
		assertThat(api()
			.post("/api/v1/auth/password-reset/complete", null, Map.of("token", resetToken, "password", newPassword))
			.status()).isEqualTo(204);
		assertThat(api()
			.post("/api/v1/auth/password-reset/complete", null, Map.of("token", resetToken, "password", newPassword))
			.status()).isEqualTo(400);
		for (String old : List.of(token, mfaSession, viaRecovery, passkeyToken)) {
			assertThat(api().get("/api/v1/me", old).status()).as("every session ended by the reset").isEqualTo(401);
		}
		MAIL.await(email, "Your password was reset", 1);
		Response newSignIn = api().post("/api/v1/auth/login", null, Map.of("email", email, "password", newPassword));
		assertThat(newSignIn.json().get("mfaRequired").asBoolean()).isTrue();
		Integer stored = owner.transaction(sql -> sql.fetchCount(ONE_TIME_TOKENS,
				ONE_TIME_TOKENS.TOKEN_HASH.eq(SessionTokens.sha256(resetToken))));
		assertThat(stored).as("the token is stored as its hash only").isEqualTo(1);
	}

	@Test
	void aRefusedNewPasswordLeavesTheResetLinkUsable() {
		TestUser user = api().newUser("reset-retry");
		assertThat(api().post("/api/v1/auth/password-reset", null, Map.of("email", user.email())).status())
			.isEqualTo(202);
		String resetToken = MAIL.awaitToken(user.email(), "Reset your Rampart password");
		Response weak = api().post("/api/v1/auth/password-reset/complete", null,
				Map.of("token", resetToken, "password", "password123"));
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.text("field")).isEqualTo("password");
		String stronger = "quiet lantern orchard 58 meadow";
		assertThat(api()
			.post("/api/v1/auth/password-reset/complete", null, Map.of("token", resetToken, "password", stronger))
			.status()).isEqualTo(204);
		assertThat(api().post("/api/v1/auth/login", null, Map.of("email", user.email(), "password", stronger)).status())
			.isEqualTo(200);
		assertThat(api()
			.post("/api/v1/auth/password-reset/complete", null, Map.of("token", resetToken, "password", stronger))
			.status()).as("used up once it worked").isEqualTo(400);
	}

	@Test
	void resetAnswersTheSameWhetherOrNotTheAddressHasAnAccount() {
		TestUser user = api().newUser("reset-known");
		String unknown = Api.newEmail("reset-unknown");
		Response known = api().post("/api/v1/auth/password-reset", null, Map.of("email", user.email()));
		Response missing = api().post("/api/v1/auth/password-reset", null, Map.of("email", unknown));
		assertThat(missing.status()).isEqualTo(known.status()).isEqualTo(202);
		assertThat(missing.body()).isEqualTo(known.body());
		MAIL.await(user.email(), "Reset your Rampart password", 1);
		List<MimeMessage> note = MAIL.await(unknown, "Rampart password reset", 1);
		assertThat(MailServer.text(note.get(0))).contains("there is no").doesNotContain("#token=");
		assertThat(api().post("/api/v1/auth/password-reset", null, Map.of("email", "not an address")).status())
			.isEqualTo(202);
	}

	@Test
	void sessionsAreListedWithTheirDeviceAndEndOneByOneOrEverywhere() {
		TestUser user = api().newUser("sessions");
		String second = api().login(user.email(), Api.STRONG_PASSWORD);
		String third = api().login(user.email(), Api.STRONG_PASSWORD);
		Response listed = api().get("/api/v1/me/sessions", user.token());
		assertThat(listed.json().path("items")).hasSize(3);
		assertThat(listed.json().path("next").isNull()).as("one list shape: items and next").isTrue();
		assertThat(listed.body()).contains("\"address\":\"127.0.0.1\"", "Java-http-client", "\"current\":true");
		String secondId = null;
		for (var session : listed.json().path("items")) {
			if (!session.get("current").asBoolean() && secondId == null) {
				secondId = session.get("id").asString();
			}
		}
		assertThat(api().call("DELETE", "/api/v1/me/sessions/" + secondId, user.token(), null).status()).isEqualTo(204);
		assertThat(api().call("DELETE", "/api/v1/me/sessions/" + UUID.randomUUID(), user.token(), null).status())
			.isEqualTo(404);
		long alive = java.util.stream.Stream.of(second, third)
			.filter(t -> api().get("/api/v1/me", t).status() == 200)
			.count();
		assertThat(alive).isEqualTo(1);
		Response everywhere = api().post("/api/v1/me/sessions/sign-out-everywhere", user.token(),
				Map.of("keepCurrent", true));
		assertThat(everywhere.json().get("ended").asInt()).isEqualTo(1);
		assertThat(api().get("/api/v1/me", second).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/me", third).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/me", user.token()).status()).isEqualTo(200);
		api().post("/api/v1/me/sessions/sign-out-everywhere", user.token(), null);
		assertThat(api().get("/api/v1/me", user.token()).status()).isEqualTo(401);
	}

	@Test
	void changingThePasswordNeedsTheCurrentOneEndsOtherSessionsAndAlerts() {
		TestUser user = api().newUser("password-change");
		String other = api().login(user.email(), Api.STRONG_PASSWORD);
		assertThat(api()
			.call("PUT", "/api/v1/me/password", user.token(), Map.of("currentPassword", "wrong-" + Api.STRONG_PASSWORD,
					"newPassword", "amber-falcon-ridge-91-cloud"))
			.status()).isEqualTo(400);
		assertThat(api()
			.call("PUT", "/api/v1/me/password", user.token(),
					Map.of("currentPassword", Api.STRONG_PASSWORD, "newPassword", "password"))
			.status()).as("policy").isEqualTo(400);
		assertThat(
				api()
					.call("PUT", "/api/v1/me/password", user.token(),
							Map.of("currentPassword", Api.STRONG_PASSWORD, "newPassword",
									"amber-falcon-ridge-91-cloud"))
					.status())
			.isEqualTo(204);
		assertThat(api().get("/api/v1/me", other).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/me", user.token()).status()).isEqualTo(200);
		MAIL.await(user.email(), "Your password was changed", 1);
		assertThat(
				api().post("/api/v1/auth/login", null, Map.of("email", user.email(), "password", Api.STRONG_PASSWORD))
					.status())
			.isEqualTo(401);
	}

	@Test
	void theEmailChangesOnlyWhenTheNewAddressConfirmsAndTheOldOneIsTold() {
		TestUser user = api().newUser("moving");
		TestUser other = api().newUser("taken");
		String newEmail = Api.newEmail("moved");
		Response asked = api().call("PUT", "/api/v1/me/email", user.token(), Map.of("email", newEmail));
		assertThat(asked.status()).isEqualTo(202);
		Response takenAnswer = api().call("PUT", "/api/v1/me/email", user.token(), Map.of("email", other.email()));
		assertThat(takenAnswer.status()).isEqualTo(202);
		assertThat(takenAnswer.body()).as("the same answer for a taken address").isEqualTo(asked.body());
		MAIL.await(other.email(), "this address already has an account", 1);
		assertThat(api().get("/api/v1/me", user.token()).text("email")).as("not yet")
			.isEqualTo(user.email().toLowerCase(java.util.Locale.ROOT));
		String token = MAIL.awaitToken(newEmail, "Confirm your new address");
		assertThat(api().post("/api/v1/auth/confirm-email-change", null, Map.of("token", token)).status())
			.isEqualTo(204);
		assertThat(api().get("/api/v1/me", user.token()).text("email"))
			.isEqualTo(newEmail.toLowerCase(java.util.Locale.ROOT));
		MAIL.await(user.email(), "Your email address was changed to", 1);
		assertThat(api().post("/api/v1/auth/login", null, Map.of("email", newEmail, "password", Api.STRONG_PASSWORD))
			.status()).isEqualTo(200);
		assertThat(
				api().post("/api/v1/auth/login", null, Map.of("email", user.email(), "password", Api.STRONG_PASSWORD))
					.status())
			.isEqualTo(401);
		assertThat(api().post("/api/v1/auth/confirm-email-change", null, Map.of("token", token)).status())
			.isEqualTo(400);
	}

	@Test
	void aSignInFromANewDeviceIsReportedByMail() {
		TestUser user = api().newUser("new-device");
		int before = MAIL.messagesTo(user.email()).size();
		api().login(user.email(), Api.STRONG_PASSWORD);
		List<MimeMessage> alerts = MAIL.await(user.email(), "A sign-in from a new device", 1);
		assertThat(MailServer.text(alerts.get(0))).contains("127.0.0.1");
		assertThat(MAIL.messagesTo(user.email()).size()).isGreaterThan(before);
	}

	@Test
	void mailTemplatesEscapeWhatUsersTyped() {
		String email = Api.newEmail("escape");
		api().signUp(email, "<img src=x onerror=alert(1)>", Api.STRONG_PASSWORD);
		MimeMessage mail = MAIL.await(email, "Confirm your email address", 1).get(0);
		assertThat(MailServer.html(mail)).contains("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;")
			.doesNotContain("<img src=x");
		try {
			assertThat(mail.getHeader("Message-ID")[0]).matches("<[0-9a-f-]{36}@rampart\\.invalid>");
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new AssertionError(ex);
		}
	}

	@Test
	void apiTokensAreScopedHashedRevocableAndShownOnce() {
		TestUser user = api().newUser("api-tokens");
		String orgA = api().create("/api/v1/orgs", user.token(), Map.of("name", "A"));
		String orgB = api().create("/api/v1/orgs", user.token(), Map.of("name", "B"));
		String projectA = api().create("/api/v1/orgs/" + orgA + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		String projectB = api().create("/api/v1/orgs/" + orgB + "/projects", user.token(),
				Map.of("name", "Q", "description", ""));
		assertThat(api()
			.post("/api/v1/me/api-tokens", user.token(),
					Map.of("name", "long", "access", "read-only", "expiresInDays", 400))
			.status()).as("at most a year").isEqualTo(400);
		// One limit, one message: 366 used to pass the edge and then be refused with
		// another bound.
		Response overLimit = api().post("/api/v1/me/api-tokens", user.token(),
				Map.of("name", "long", "access", "read-only", "expiresInDays", 366));
		assertThat(overLimit.status()).isEqualTo(400);
		assertThat(overLimit.text("detail")).isEqualTo("expiresInDays: must be between 1 and 365");
		Response created = api().post("/api/v1/me/api-tokens", user.token(),
				Map.of("name", "reporting", "access", "read-only", "orgId", orgA, "expiresInDays", 30));
		assertThat(created.status()).isEqualTo(201);
		String readOnly = created.text("token");
		assertThat(readOnly).startsWith("rpt_").hasSize(4 + 43);
		MAIL.await(user.email(), "An API token (\"reporting\") was created", 1);
		assertThat(api().get("/api/v1/me/api-tokens", user.token()).body()).contains("reporting")
			.doesNotContain(readOnly);
		byte[] stored = owner.transaction(sql -> sql.select(API_TOKENS.TOKEN_HASH)
			.from(API_TOKENS)
			.where(API_TOKENS.ID.eq(UUID.fromString(created.json().at("/apiToken/id").asString())))
			.fetchSingle(API_TOKENS.TOKEN_HASH));
		assertThat(stored).isEqualTo(SessionTokens.sha256(readOnly));

		assertThat(api().get("/api/v1/projects/" + projectA + "/tasks", readOnly).status()).isEqualTo(200);
		assertThat(api().get("/api/v1/projects/" + projectB + "/tasks", readOnly).status()).as("another organization")
			.isEqualTo(404);
		assertThat(api().get("/api/v1/orgs", readOnly).body()).contains(orgA).doesNotContain(orgB);
		Response write = api().post("/api/v1/projects/" + projectA + "/tasks", readOnly, Map.of("title", "no"));
		assertThat(write.status()).isEqualTo(403);
		assertThat(write.body()).contains("read-only-token");
		Response mutation = api().graphql(readOnly, "mutation { createOrganization(name: \"no\") { id } }", Map.of());
		assertThat(mutation.body()).contains("errors").doesNotContain("\"id\"");
		assertThat(api().post("/api/v1/me/api-tokens", readOnly, Map.of("name", "x", "access", "read-write")).status())
			.as("a token cannot make tokens")
			.isIn(401, 403);

		String readWrite = api()
			.post("/api/v1/me/api-tokens", user.token(), Map.of("name", "automation", "access", "read-write"))
			.text("token");
		assertThat(api().get("/api/v1/auth/csrf-tokens", readWrite).status()).as("bearer tokens need none")
			.isEqualTo(400);
		assertThat(api().post("/api/v1/auth/logout", readWrite, null).status()).isEqualTo(204);
		assertThat(api().get("/api/v1/me", readWrite).status()).as("signing out does not revoke a token")
			.isEqualTo(200);
		assertThat(
				api().post("/api/v1/projects/" + projectB + "/tasks", readWrite, Map.of("title", "by token")).status())
			.isEqualTo(201);
		String id = created.json().at("/apiToken/id").asString();
		assertThat(api().call("DELETE", "/api/v1/me/api-tokens/" + id, user.token(), null).status()).isEqualTo(204);
		assertThat(api().get("/api/v1/projects/" + projectA + "/tasks", readOnly).status()).isEqualTo(401);
		Instant lastUsed = owner.transaction(sql -> sql.select(API_TOKENS.LAST_USED_AT)
			.from(API_TOKENS)
			.where(API_TOKENS.ID.eq(UUID.fromString(id)))
			.fetchSingle(API_TOKENS.LAST_USED_AT));
		assertThat(lastUsed).isNotNull();
	}

	private Response secondFactor(String challenge, String code) {
		return api().post("/api/v1/auth/login/second-factor", null, Map.of("challenge", challenge, "code", code));
	}

	/** The secret's bytes, to check the stored seed is not them in the clear. */
	private static final class TotpCodesAccess {

		static byte[] decode(String base32) {
			String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			int buffer = 0;
			int bits = 0;
			for (char c : base32.toCharArray()) {
				buffer = (buffer << 5) | alphabet.indexOf(c);
				bits += 5;
				if (bits >= 8) {
					out.write(buffer >> (bits - 8));
					bits -= 8;
				}
			}
			return out.toByteArray();
		}

	}

}
