package dev.rampart.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.SecondFactor;
import dev.rampart.db.ExtraNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Invitations (to a new or an existing account), the organization's MFA requirement, and
 * the rule that an unconfirmed address cannot be added to an organization.
 */
class InvitationsAndMfaPolicyIntegrationTests extends IntegrationTest {

	@Autowired
	ApplicationContext context;

	@Test
	void anInvitedAddressJoinsByCreatingItsAccountOrSigningIn() {
		TestUser admin = api().newUser("inviter");
		String org = api().create("/api/v1/orgs", admin.token(), Map.of("name", "Inviting <Org>"));
		String newcomer = Api.newEmail("invitee");
		Response invited = api().post("/api/v1/orgs/" + org + "/invitations", admin.token(),
				Map.of("email", newcomer, "role", "member"));
		assertThat(invited.status()).as(invited.body()).isEqualTo(201);
		assertThat(invited.text("state")).isEqualTo("pending");
		assertThat(api()
			.post("/api/v1/orgs/" + org + "/invitations", admin.token(), Map.of("email", newcomer, "role", "member"))
			.status()).as("one pending invitation per address").isEqualTo(409);
		assertThat(api()
			.post("/api/v1/orgs/" + org + "/invitations", admin.token(),
					Map.of("email", Api.newEmail("x"), "role", "owner"))
			.status()).isEqualTo(400);
		var mail = MAIL.await(newcomer, "You are invited to Inviting <Org>", 1).get(0);
		assertThat(dev.rampart.MailServer.text(mail)).contains("Inviting &lt;Org&gt;", "as member");
		String token = MAIL.awaitToken(newcomer, "You are invited");

		Response joined = api().post("/api/v1/invitations/accept-new", null,
				Map.of("token", token, "displayName", "New Comer", "password", Api.STRONG_PASSWORD));
		assertThat(joined.status()).as(joined.body()).isEqualTo(201);
		assertThat(api()
			.post("/api/v1/invitations/accept-new", null,
					Map.of("token", token, "displayName", "Again", "password", Api.STRONG_PASSWORD))
			.status()).isEqualTo(400);
		String newcomerToken = api().login(newcomer, Api.STRONG_PASSWORD);
		assertThat(api().get("/api/v1/orgs/" + org, newcomerToken).text("myRole")).isEqualTo("member");
		assertThat(api().get("/api/v1/me", newcomerToken).json().get("emailVerified").asBoolean()).isTrue();
		assertThat(api().get("/api/v1/orgs/" + org + "/invitations", admin.token()).body()).contains("accepted");
		assertThat(api().get("/api/v1/orgs/" + org + "/invitations", newcomerToken).status())
			.as("members do not see them")
			.isEqualTo(403);

		TestUser existing = api().newUser("existing-invitee");
		TestUser someoneElse = api().newUser("someone-else");
		api().post("/api/v1/orgs/" + org + "/invitations", admin.token(),
				Map.of("email", existing.email(), "role", "guest"));
		String existingToken = MAIL.awaitToken(existing.email(), "You are invited");
		Response wrongAccount = api().post("/api/v1/invitations/accept", someoneElse.token(),
				Map.of("token", existingToken));
		assertThat(wrongAccount.status()).as("the link is for that address").isEqualTo(409);
		assertThat(api().post("/api/v1/invitations/accept", existing.token(), Map.of("token", existingToken)).status())
			.isEqualTo(200);
		assertThat(api().get("/api/v1/orgs/" + org, existing.token()).text("myRole")).isEqualTo("guest");

		String revokedAddress = Api.newEmail("revoked");
		String revokedId = api()
			.post("/api/v1/orgs/" + org + "/invitations", admin.token(),
					Map.of("email", revokedAddress, "role", "member"))
			.text("id");
		String revokedToken = MAIL.awaitToken(revokedAddress, "You are invited");
		assertThat(
				api().call("DELETE", "/api/v1/orgs/" + org + "/invitations/" + revokedId, admin.token(), null).status())
			.isEqualTo(204);
		assertThat(api()
			.post("/api/v1/invitations/accept-new", null,
					Map.of("token", revokedToken, "displayName", "Late", "password", Api.STRONG_PASSWORD))
			.status()).isEqualTo(400);
		TestUser outsider = api().newUser("invite-outsider");
		assertThat(api()
			.post("/api/v1/orgs/" + org + "/invitations", outsider.token(),
					Map.of("email", Api.newEmail("y"), "role", "member"))
			.status()).isEqualTo(404);
	}

	@Test
	void anOrganizationRequiringMfaKeepsMembersWithoutItOutUntilTheyEnrol() {
		TestUser ownerUser = api().newUser("mfa-owner");
		TestUser member = api().newUser("mfa-member");
		String org = api().create("/api/v1/orgs", ownerUser.token(), Map.of("name", "Strict"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", ownerUser.token(),
				Map.of("name", "P", "description", ""));
		api().create("/api/v1/orgs/" + org + "/members", ownerUser.token(),
				Map.of("email", member.email(), "role", "admin"));
		String task = api().create("/api/v1/projects/" + project + "/tasks", ownerUser.token(),
				Map.of("title", "Protected"));

		Response withoutOwnMfa = api().call("PUT", "/api/v1/orgs/" + org + "/security", ownerUser.token(),
				Map.of("requireMfa", true));
		assertThat(withoutOwnMfa.status()).as("the owner enrols first").isEqualTo(409);
		assertThat(api().call("PUT", "/api/v1/orgs/" + org + "/security", member.token(), Map.of("requireMfa", true))
			.status()).as("owners only").isEqualTo(403);
		String ownerToken = SecondFactor.enrolTotp(api(), ownerUser).token();
		Response required = api().call("PUT", "/api/v1/orgs/" + org + "/security", ownerToken,
				Map.of("requireMfa", true));
		assertThat(required.status()).as(required.body()).isEqualTo(200);
		assertThat(required.json().get("requireMfa").asBoolean()).isTrue();

		for (String path : java.util.List.of("/orgs/" + org, "/projects/" + project + "/tasks", "/tasks/" + task)) {
			Response refused = api().get("/api/v1" + path, member.token());
			assertThat(refused.status()).as(path).isEqualTo(403);
			assertThat(refused.body()).contains("mfa-enrolment-required").doesNotContain("Protected");
		}
		assertThat(api().get("/api/v1/tasks?assignee=me", member.token()).body()).doesNotContain("Protected");
		String memberToken = SecondFactor.enrolTotp(api(), member).token();
		assertThat(api().get("/api/v1/tasks/" + task, memberToken).text("title")).isEqualTo("Protected");
		assertThat(api().get("/api/v1/orgs/" + org, ownerToken).status()).isEqualTo(200);
	}

	@Test
	void anUnconfirmedAddressCannotBeAddedWhereTheRuleIsOn() throws Exception {
		int port = freePort();
		// Both nodes send the shared outbox, so this one sends to the same SMTP server.
		try (ConfigurableApplicationContext node = ExtraNode.start(context, HOME, port,
				Map.of("rampart.identity.verified-email-to-join", true, "rampart.mail.public-url",
						"https://localhost:" + port, "rampart.rate-limit.per-address", 1_000_000,
						"rampart.rate-limit.per-user", 1_000_000, "rampart.mail.smtp.host", "localhost",
						"rampart.mail.smtp.port", MAIL.port(), "rampart.mail.smtp.tls", "implicit",
						"rampart.mail.smtp.trust-store", MAIL.trustStore().toString()))) {
			Api strict = new Api("https://localhost:" + port, HOME.resolve("tls/certificate.pem"));
			TestUser admin = strict.newUser("strict-admin");
			String email = Api.newEmail("unconfirmed");
			strict.signUp(email, "Unconfirmed", Api.STRONG_PASSWORD);
			String org = strict.create("/api/v1/orgs", admin.token(), Map.of("name", "Confirmed only"));
			Response refused = strict.post("/api/v1/orgs/" + org + "/members", admin.token(),
					Map.of("email", email, "role", "member"));
			assertThat(refused.status()).isEqualTo(409);
			assertThat(refused.body()).contains("not confirmed");
			String verify = MAIL.awaitToken(email, "Confirm your email address");
			strict.post("/api/v1/auth/verify-email", null, Map.of("token", verify));
			assertThat(strict
				.post("/api/v1/orgs/" + org + "/members", admin.token(), Map.of("email", email, "role", "member"))
				.status()).isEqualTo(201);
		}
	}

}
