package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Errors that tell an integrator what to fix: the parameter, header or field that is
 * wrong and what it must be; framework and Tomcat errors in the same problem shape;
 * limits named.
 */
class ParameterErrorsIntegrationTests extends IntegrationTest {

	@Test
	void aParameterOfTheWrongKindOrMissingIsNamed() {
		Api.TestUser owner = api().newUser("params");
		Api.Response notAnId = api().get("/api/v1/tasks/not-a-uuid", owner.token());
		assertProblem(notAnId, 400, "taskId", "taskId: must be an id (UUID)");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Params"));
		Api.Response missing = api().get("/api/v1/access/explain?action=org.read&resource=" + org, owner.token());
		assertProblem(missing, 400, "user", "user: is required (a query parameter)");
		Api.Response badPage = api().get("/api/v1/orgs/" + org + "/audit?first=many", owner.token());
		assertProblem(badPage, 400, "first", "first: must be a whole number");
	}

	@Test
	void unsupportedMediaTypesAndMethodsListWhatIsAccepted() {
		Api.TestUser owner = api().newUser("media");
		Api.Response text = api().call("POST", "/api/v1/orgs", owner.token(), null,
				Map.of("Content-Type", "text/plain"));
		assertThat(text.status()).isEqualTo(415);
		assertThat(text.text("detail"))
			.isEqualTo("this route reads application/json, application/*+json, not text/plain");
		assertThat(text.json().path("accepted").get(0).asString()).isEqualTo("application/json");
		Api.Response put = api().call("PUT", "/api/v1/orgs", owner.token(), Map.of("name", "x"));
		assertThat(put.status()).isEqualTo(405);
		assertThat(put.headers().firstValue("Allow").orElse("")).contains("POST");
		assertThat(put.text("detail")).startsWith("PUT is not allowed here; this route answers ");
	}

	@Test
	void aLoneSurrogateIsRefusedAndNeverStored() {
		Api.TestUser owner = api().newUser("unicode");
		Api.Response lone = api().post("/api/v1/orgs", owner.token(), "{\"name\": \"Acme \\uD800 Ltd\"}");
		assertProblem(lone, 400, "name", "name: must be valid Unicode text (it holds a lone surrogate)");
		Api.Response password = api().post("/api/v1/auth/signup", null, "{\"email\": \"" + Api.newEmail("surrogate")
				+ "\", \"displayName\": \"S\", \"password\": \"plum-harbour-\\uDC00-violet-7\"}");
		assertProblem(password, 400, "password", "password: must be valid Unicode text (it holds a lone surrogate)");
		Api.Response paired = api().post("/api/v1/orgs", owner.token(), "{\"name\": \"Acme \\uD83D\\uDE80 Ltd\"}");
		assertThat(paired.status()).as(paired.body()).isEqualTo(201);
		assertThat(paired.text("name")).isEqualTo("Acme \uD83D\uDE80 Ltd");
	}

	@Test
	void tomcatsOwnRefusalsAreProblemDocumentsToo() {
		String answer = api().rawFrom("127.0.0.1",
				"GET /api/v1/health?name=caf\u00e9 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(answer).contains("\"status\":400").contains("percent-encoded").doesNotContain("<html");
	}

	@Test
	void auditFiltersRefuseUnknownActionsAndTakePlainDates() {
		Api.TestUser owner = api().newUser("audit-filters");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Filters"));
		String base = "/api/v1/orgs/" + org + "/audit";
		Api.Response typo = api().get(base + "?action=task.updat", owner.token());
		assertProblem(typo, 400, "action", null);
		assertThat(typo.text("detail"))
			.isEqualTo("action: is not an action Rampart records; did you mean task.update?");
		assertThat(api().get(base + "?action=task.update", owner.token()).status()).isEqualTo(200);
		Api.Response graphqlTypo = api().graphql(owner.token(),
				"query($id: ID!) { organization(id: $id) { auditLog(filter: {action: \"org.creat\"}) { nodes { action } } } }",
				Map.of("id", org));
		assertThat(graphqlTypo.body()).contains("is not an action Rampart records");

		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		Api.Response byDay = api().get(base + "?action=org.create&from=" + today + "&to=" + today, owner.token());
		assertThat(byDay.status()).as(byDay.body()).isEqualTo(200);
		assertThat(byDay.json().path("items").size()).isEqualTo(1);
		Api.Response yesterday = api().get(base + "?action=org.create&to=" + today.minusDays(1), owner.token());
		assertThat(yesterday.json().path("items").size()).isZero();
		assertProblem(api().get(base + "?from=2026-13-01", owner.token()), 400, "from", null);
	}

	@Test
	void absurdValuesAreInvalidInputNotConflicts() {
		Api.TestUser owner = api().newUser("absurd");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Absurd"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		String task = api().create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "t"));
		Api.TestUser guest = api().newUser("absurd-guest");
		Api.Response farFuture = api().post("/api/v1/tasks/" + task + "/grants", owner.token(),
				Map.of("email", guest.email(), "role", "viewer", "expiresAt", "+200000-01-01T00:00:00Z"));
		assertProblem(farFuture, 400, "expiresAt", null);
		Api.Response century = api().post("/api/v1/tasks/" + task + "/grants", owner.token(),
				Map.of("email", guest.email(), "role", "viewer", "expiresAt", "2126-01-01T00:00:00Z"));
		assertProblem(century, 400, "expiresAt",
				"expiresAt: must be within 10 years; leave it out for a grant that does not expire");

		Api.Response role = api().post("/api/v1/orgs/" + org + "/roles", owner.token(),
				Map.of("name", "Reviewer", "permissions", List.of("task.read", "task.fly")));
		assertProblem(role, 400, "permissions", null);
		assertThat(role.text("detail")).startsWith(
				"permissions: lists an unknown action, \"task.fly\"; the project and task actions are project.read, ");
	}

	private static void assertProblem(Api.Response response, int status, String field, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(response.text("field")).isEqualTo(field);
		if (detail != null) {
			assertThat(response.text("detail")).isEqualTo(detail);
		}
	}

}
