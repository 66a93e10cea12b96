package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bean Validation at the edge: one 400 problem listing every invalid field; valid input
 * still works.
 */
class ValidationIntegrationTests extends IntegrationTest {

	@Test
	void everyInvalidFieldIsListedInOneProblem() {
		Api.Response signUp = api().post("/api/v1/auth/signup", null,
				Map.of("email", "", "password", "x".repeat(5000)));
		assertThat(fields(signUp)).containsExactly("displayName", "email", "password");
		assertThat(signUp.text("type")).isEqualTo("urn:rampart:problem:invalid-input");
		assertThat(signUp.body()).doesNotContain("xxxxxxxxxx");

		Api.TestUser owner = api().newUser("validation");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Valid"));
		Api.Response project = api().post("/api/v1/orgs/" + org + "/projects", owner.token(),
				Map.of("name", " ", "description", "d".repeat(10_001)));
		assertThat(fields(project)).containsExactly("description", "name");
		assertThat(api()
			.post("/api/v1/orgs/" + org + "/projects", owner.token(),
					Map.of("name", "n".repeat(200), "description", "d".repeat(10_000)))
			.status()).isEqualTo(201);

		Api.Response role = api().post("/api/v1/orgs/" + org + "/roles", owner.token(), Map.of("name", "r"));
		assertThat(fields(role)).containsExactly("permissions");
		Api.Response login = api().post("/api/v1/auth/login", null,
				Map.of("email", owner.email(), "password", "p", "session", "forever"));
		assertThat(fields(login)).containsExactly("session");
	}

	@Test
	void serviceRulesAnswerInTheSameShape() {
		Api.TestUser owner = api().newUser("validation-service");
		Api.Response weak = api().signUp(Api.newEmail("weak"), "Weak", "password1");
		assertThat(fields(weak)).containsExactly("password");
		Api.Response badStatus = api().post("/api/v1/orgs", owner.token(), Map.of("name", "a\u0000b"));
		assertThat(badStatus.status()).isEqualTo(400);
		assertThat(badStatus.json().path("errors").isArray()).isTrue();
	}

	@Test
	void anUnreadableBodyNamesTheFieldAndWhatItMustBe() {
		Api.TestUser owner = api().newUser("validation-body");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Strict"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));

		Api.Response unknown = api().post("/api/v1/orgs", owner.token(), Map.of("name", "x", "labels", List.of("a")));
		assertThat(fields(unknown)).containsExactly("labels");
		assertThat(unknown.text("detail")).startsWith("labels: is not a field here; the fields are ");
		Api.Response number = api().post("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", 123));
		assertThat(fields(number)).containsExactly("title");
		assertThat(number.text("detail")).isEqualTo("title: must be a string");
		Api.Response fraction = api().post("/api/v1/me/api-tokens", owner.token(),
				Map.of("name", "x", "access", "read-only", "expiresInDays", 1.5));
		assertThat(fields(fraction)).containsExactly("expiresInDays");
		assertThat(fraction.text("detail")).isEqualTo("expiresInDays: must be a whole number");
		Api.Response malformed = api().post("/api/v1/projects/" + project + "/tasks", owner.token(),
				"{\"title\": \"x\",\n  }");
		assertThat(fields(malformed)).containsExactly("body");
		assertThat(malformed.text("detail")).startsWith("body: is not valid JSON (line 2, column ");

		String task = api().create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "t"));
		Api.Response archived = api().call("PATCH", "/api/v1/tasks/" + task, owner.token(), Map.of("archived", true),
				Map.of("If-Match", "\"1\""));
		assertThat(fields(archived)).containsExactly("archived");
		assertThat(api().get("/api/v1/tasks/" + task, owner.token()).json().path("version").asInt()).isEqualTo(1);
	}

	private static List<String> fields(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		JsonNode errors = response.json().path("errors");
		assertThat(errors.isArray()).as(response.body()).isTrue();
		return errors.valueStream().map(e -> e.path("field").asString()).distinct().sorted().toList();
	}

}
