package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Script payloads in every free-text field come back as the same inert JSON strings,
 * never as HTML; the rendered Markdown fields carry no executable markup.
 */
class ScriptPayloadIntegrationTests extends IntegrationTest {

	static final String[] PAYLOADS = { "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
			"<svg/onload=alert(1)>", "javascript:alert(1)", "[x](javascript:alert(1))",
			"</textarea><iframe src=//evil>" };

	@Test
	void everyTextFieldKeepsThePayloadAsInertText() {
		Api api = api();
		for (String payload : PAYLOADS) {
			String email = Api.newEmail("xss");
			assertThat(api.signUp(email, payload, Api.STRONG_PASSWORD).status()).isEqualTo(202);
			String token = api.login(email, Api.STRONG_PASSWORD);
			assertJson(api.get("/api/v1/me", token), "displayName", payload);
			Api.Response org = api.post("/api/v1/orgs", token, Map.of("name", payload));
			assertJson(org, "name", payload);
			Api.Response project = api.post("/api/v1/orgs/" + org.text("id") + "/projects", token,
					Map.of("name", payload, "description", payload));
			assertJson(project, "name", payload);
			Api.Response task = api.post("/api/v1/projects/" + project.text("id") + "/tasks", token,
					Map.of("title", payload, "description", payload));
			assertJson(task, "title", payload);
			assertJson(task, "description", payload);
			assertInertHtml(task.text("descriptionHtml"));
			Api.Response comment = api.post("/api/v1/tasks/" + task.text("id") + "/comments", token,
					Map.of("body", payload));
			assertJson(comment, "body", payload);
			assertInertHtml(comment.text("bodyHtml"));
			Api.Response viaGraphQl = api.graphql(token, "query($t: ID!) { task(id: $t) { title descriptionHtml } }",
					Map.of("t", task.text("id")));
			assertThat(viaGraphQl.headers().firstValue("Content-Type").orElse("")).doesNotContain("html");
			assertThat(viaGraphQl.json().path("data").path("task").path("title").asString()).isEqualTo(payload);
		}
	}

	private static void assertJson(Api.Response response, String field, String payload) {
		assertThat(response.status()).as(response.body()).isIn(200, 201);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.text(field)).isEqualTo(payload);
	}

	private static void assertInertHtml(String html) {
		assertThat(html.toLowerCase(java.util.Locale.ROOT)).doesNotContain("<script", "<img", "<svg", "<iframe",
				"onerror=", "onload=", "href=\"javascript");
	}

}
