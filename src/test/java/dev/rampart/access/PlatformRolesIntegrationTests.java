package dev.rampart.access;

import static dev.rampart.db.schema.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import dev.rampart.SecondFactor;
import dev.rampart.errors.ErrorReports;
import dev.rampart.shared.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Separation of duties (C10): a key custodian runs key operations and reaches no
 * organization's content; an operator reads health and error reports and reaches no
 * content and no keys; an organization owner cannot touch keys. Every platform endpoint
 * is tried by every kind of caller.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformRolesIntegrationTests extends IntegrationTest {

	@Autowired
	PlatformRoles platform;

	@Autowired
	ErrorReports errorReports;

	@Autowired
	dev.rampart.db.OwnerDatabase ownerDatabase;

	TestUser custodian;

	TestUser operator;

	TestUser owner;

	TestUser nobody;

	String org;

	String project;

	String task;

	UUID report;

	@BeforeAll
	void people() {
		custodian = api().newUser("custodian");
		operator = api().newUser("operator");
		owner = api().newUser("org-owner");
		nobody = api().newUser("nobody");
		assertThat(platform.grant(new UserId(UUID.fromString(custodian.id())), PlatformRole.KEY_CUSTODIAN)).isTrue();
		assertThat(platform.grant(new UserId(UUID.fromString(operator.id())), PlatformRole.OPERATOR)).isTrue();
		assertThat(platform.grant(new UserId(UUID.fromString(operator.id())), PlatformRole.OPERATOR)).as("held")
			.isFalse();
		// Platform roles need a second factor: both sign in with one.
		custodian = new TestUser(custodian.id(), custodian.email(), SecondFactor.enrolTotp(api(), custodian).token());
		operator = new TestUser(operator.id(), operator.email(), SecondFactor.enrolTotp(api(), operator).token());
		org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Tenant"));
		project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(),
				Map.of("name", "P", "description", ""));
		task = api().create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "Secret plan"));
		report = errorReports.record(new IllegalStateException("planted"), "/api/v1/test");
	}

	@Test
	void anAccountHoldingAPlatformRoleIsNotErasedByItsOwner() {
		Api.Response refused = api().call("DELETE", "/api/v1/me", operator.token(), null);
		assertThat(refused.status()).as(refused.body()).isEqualTo(409);
		assertThat(refused.text("detail")).contains("platform role").contains("revoke-role");
		assertThat(api().get("/api/v1/me", operator.token()).status()).as("still there").isEqualTo(200);
	}

	@Test
	void everyPlatformEndpointAnswersOnlyItsRole() {
		Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
		expected.put("GET /platform/keys", Map.of("custodian", 200, "operator", 403, "owner", 403, "nobody", 403));
		expected.put("POST /platform/keys/rotate",
				Map.of("custodian", 200, "operator", 403, "owner", 403, "nobody", 403));
		expected.put("POST /platform/keys/rotate-kek",
				Map.of("custodian", 200, "operator", 403, "owner", 403, "nobody", 403));
		expected.put("POST /platform/keys/verify?sample=2",
				Map.of("custodian", 200, "operator", 403, "owner", 403, "nobody", 403));
		expected.put("GET /platform/health", Map.of("custodian", 403, "operator", 200, "owner", 403, "nobody", 403));
		expected.put("GET /platform/errors", Map.of("custodian", 403, "operator", 200, "owner", 403, "nobody", 403));
		expected.put("GET /platform/errors/" + report,
				Map.of("custodian", 403, "operator", 200, "owner", 403, "nobody", 403));
		expected.put("GET /platform/roles", Map.of("custodian", 200, "operator", 200, "owner", 200, "nobody", 200));
		Map<String, TestUser> callers = Map.of("custodian", custodian, "operator", operator, "owner", owner, "nobody",
				nobody);
		expected.forEach((operation, answers) -> {
			String method = operation.substring(0, operation.indexOf(' '));
			String path = "/api/v1" + operation.substring(operation.indexOf(' ') + 1);
			Object body = operation.endsWith("/rotate") ? Map.of("orgId", org) : null;
			answers.forEach((who, status) -> {
				Response response = api().call(method, path, callers.get(who).token(), body);
				assertThat(response.status()).as("%s by %s: %s", operation, who, response.body()).isEqualTo(status);
				if (status == 403) {
					assertThat(response.headers().firstValue("Content-Type").orElse(""))
						.startsWith("application/problem+json");
				}
			});
			assertThat(api().call(method, path, null, body).status()).as("%s anonymously", operation).isEqualTo(401);
		});
	}

	@Test
	void answersCarryNoContent() {
		Response status = api().get("/api/v1/platform/keys", custodian.token());
		assertThat(status.json().get("keysets").asInt()).isPositive();
		Response verified = api().post("/api/v1/platform/keys/verify?sample=50", custodian.token(), null);
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().get("problems")).isEmpty();
		assertThat(verified.json().get("valuesOpened").asLong()).isPositive();
		assertThat(verified.body()).doesNotContain("Secret plan");
		Response reports = api().get("/api/v1/platform/errors", operator.token());
		assertThat(reports.body()).contains(report.toString()).doesNotContain("planted");
		assertThat(api().get("/api/v1/platform/errors/" + UUID.randomUUID(), operator.token()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/platform/roles", custodian.token()).body()).contains("key-custodian");
		assertThat(api().get("/api/v1/platform/roles", nobody.token()).json().get("roles")).isEmpty();
	}

	@Test
	void platformRolesReachNoOrganizationContent() {
		for (TestUser role : List.of(custodian, operator)) {
			for (String path : List.of("/orgs/" + org, "/orgs/" + org + "/members", "/orgs/" + org + "/audit",
					"/projects/" + project + "/tasks", "/tasks/" + task, "/tasks/" + task + "/comments")) {
				Response response = api().get("/api/v1" + path, role.token());
				assertThat(response.status()).as("%s by a platform role", path).isEqualTo(404);
				assertThat(response.body()).doesNotContain("Secret plan");
			}
			Response graphql = api().graphql(role.token(), "{ task(id: \"" + task + "\") { title } }", Map.of());
			assertThat(graphql.body()).doesNotContain("Secret plan");
			assertThat(graphql.json().at("/data/task").isNull()).isTrue();
		}
	}

	@Test
	void platformRolesNeedASecondFactorAndKeyChangesARecentStepUp() {
		TestUser withoutMfa = api().newUser("custodian-without-mfa");
		platform.grant(new UserId(UUID.fromString(withoutMfa.id())), PlatformRole.KEY_CUSTODIAN);
		Response refused = api().get("/api/v1/platform/keys", withoutMfa.token());
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body()).contains("mfa-enrolment-required");

		TestUser custodianAgain = api().newUser("custodian-step-up");
		platform.grant(new UserId(UUID.fromString(custodianAgain.id())), PlatformRole.KEY_CUSTODIAN);
		SecondFactor.Enrolled enrolled = SecondFactor.enrolTotp(api(), custodianAgain);
		ownerDatabase.transaction(sql -> sql.update(USER_SESSIONS)
			.set(USER_SESSIONS.PROVEN_AT, java.time.Instant.now().minusSeconds(7200))
			.where(USER_SESSIONS.USER_ID.eq(UUID.fromString(custodianAgain.id())))
			.execute());
		assertThat(api().get("/api/v1/platform/keys", enrolled.token()).status()).as("reading needs no step-up")
			.isEqualTo(200);
		Response stale = api().post("/api/v1/platform/keys/rotate-kek", enrolled.token(), null);
		assertThat(stale.status()).isEqualTo(403);
		assertThat(stale.body()).contains("step-up-required");
		Response passwordOnly = api().post("/api/v1/auth/step-up", enrolled.token(),
				Map.of("password", Api.STRONG_PASSWORD));
		assertThat(passwordOnly.status()).as("an account with a second factor steps up with it, not the password")
			.isEqualTo(400);
		assertThat(passwordOnly.text("field")).isEqualTo("code");
		assertThat(passwordOnly.text("detail")).contains("this account has a second factor");
		assertThat(api().post("/api/v1/auth/step-up", enrolled.token(), Map.of("code", enrolled.nextRecoveryCode()))
			.status()).isEqualTo(204);
		assertThat(api().post("/api/v1/platform/keys/rotate", enrolled.token(), Map.of("orgId", org)).status())
			.isEqualTo(200);
	}

	@Test
	void rowLevelSecurityShowsErrorReportsOnlyToOperators() {
		assertThat(errorReports.list(new UserId(UUID.fromString(operator.id())), 500)).extracting(r -> r.id())
			.contains(report);
		assertThat(errorReports.list(new UserId(UUID.fromString(custodian.id())), 500)).isEmpty();
		assertThat(errorReports.find(new UserId(UUID.fromString(owner.id())), report)).isEmpty();
	}

}
