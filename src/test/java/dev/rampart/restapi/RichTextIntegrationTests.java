package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Descriptions and comments come back as the Markdown source and as sanitised HTML, in
 * REST and GraphQL.
 */
class RichTextIntegrationTests extends IntegrationTest {

	private static final String PAYLOAD = "**Plan** <script>alert(1)</script> [go](javascript:alert(2)) <img src=x onerror=alert(3)>";

	@Test
	void sourceIsKeptAndHtmlIsSafe() {
		Api api = api();
		TestUser owner = api.newUser("rich");
		String org = api.create("/api/v1/orgs", owner.token(), Map.of("name", "Rich"));
		String project = api.create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		JsonNode task = api
			.post("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "T", "description", PAYLOAD))
			.json();
		assertThat(task.path("description").asString()).isEqualTo(PAYLOAD);
		assertSafe(task.path("descriptionHtml").asString());
		assertThat(task.path("descriptionHtml").asString()).contains("<strong>Plan</strong>");
		String id = task.path("id").asString();
		JsonNode comment = api.post("/api/v1/tasks/" + id + "/comments", owner.token(), Map.of("body", PAYLOAD)).json();
		assertThat(comment.path("body").asString()).isEqualTo(PAYLOAD);
		assertSafe(comment.path("bodyHtml").asString());
		JsonNode viaGraphQl = api
			.graphql(owner.token(),
					"query($t: ID!) { task(id: $t) { descriptionHtml " + "comments { nodes { bodyHtml } } } }",
					Map.of("t", id))
			.json()
			.path("data")
			.path("task");
		assertThat(viaGraphQl.path("descriptionHtml").asString()).isEqualTo(task.path("descriptionHtml").asString());
		assertSafe(viaGraphQl.path("comments").path("nodes").get(0).path("bodyHtml").asString());
	}

	private static void assertSafe(String html) {
		assertThat(html).doesNotContain("<script", "<img", "href=\"javascript");
		assertThat(html).contains("&lt;script&gt;");
	}

}
