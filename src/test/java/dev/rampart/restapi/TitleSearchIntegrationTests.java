package dev.rampart.restapi;

import static dev.rampart.db.schema.Tables.TASKS;
import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.keys.FieldCipher;
import dev.rampart.ops.ContentSealer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Search by title within a project over sealed titles, through the blind index of their
 * words: whole words in any case and order, every word required, only the project's
 * visible tasks.
 */
class TitleSearchIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	ContentSealer sealer;

	TestUser admin;

	String org;

	String project;

	@BeforeEach
	void projectWithTasks() {
		admin = api().newUser("search");
		org = api().create("/api/v1/orgs", admin.token(), Map.of("name", "Search"));
		project = api().create("/api/v1/orgs/" + org + "/projects", admin.token(),
				Map.of("name", "P", "description", ""));
		for (String title : List.of("Fix the login bug", "Login page: redesign", "Write the docs",
				"Ünïcode Straße fix")) {
			api().create("/api/v1/projects/" + project + "/tasks", admin.token(), Map.of("title", title));
		}
	}

	@Test
	void findsTasksWhoseTitleHasEveryWord() {
		assertThat(titles(search(admin, project, "login"))).containsExactlyInAnyOrder("Fix the login bug",
				"Login page: redesign");
		assertThat(titles(search(admin, project, "BUG login"))).containsExactly("Fix the login bug");
		assertThat(titles(search(admin, project, "log"))).as("whole words only").isEmpty();
		assertThat(titles(search(admin, project, "login docs"))).as("every word").isEmpty();
		assertThat(titles(search(admin, project, "straße ÜNÏCODE"))).containsExactly("Ünïcode Straße fix");

		String other = api().create("/api/v1/orgs/" + org + "/projects", admin.token(),
				Map.of("name", "Q", "description", ""));
		api().create("/api/v1/projects/" + other + "/tasks", admin.token(), Map.of("title", "Another login"));
		assertThat(titles(search(admin, project, "login"))).as("this project only").hasSize(2);
		assertThat(titles(search(admin, other, "login"))).containsExactly("Another login");
	}

	@Test
	void aRenamedTaskIsFoundByItsNewTitleAndGraphQlSearchesTheSame() {
		String task = api().create("/api/v1/projects/" + project + "/tasks", admin.token(),
				Map.of("title", "Old name"));
		api().call("PATCH", "/api/v1/tasks/" + task, admin.token(), Map.of("title", "Shiny new name"),
				Map.of("If-Match", "\"1\""));
		assertThat(titles(search(admin, project, "old"))).isEmpty();
		assertThat(titles(search(admin, project, "shiny"))).containsExactly("Shiny new name");

		Response graphql = api().graphql(admin.token(),
				"query($p: ID!) { project(id: $p) { tasks(search: \"LOGIN\") { nodes { title } } } }",
				Map.of("p", project));
		assertThat(graphql.status()).isEqualTo(200);
		List<String> found = new ArrayList<>();
		graphql.json().at("/data/project/tasks/nodes").forEach(n -> found.add(n.at("/title").asString()));
		assertThat(found).containsExactlyInAnyOrder("Fix the login bug", "Login page: redesign");
	}

	@Test
	void badSearchesAreRefusedAndOutsidersSeeNothing() {
		assertThat(search(admin, project, "!!! ...").status()).isEqualTo(400);
		assertThat(search(admin, project, "a b c d e f g h i").status()).isEqualTo(400);
		assertThat(search(admin, project, "x".repeat(501)).status()).isEqualTo(400);
		TestUser stranger = api().newUser("stranger");
		Response foreign = search(stranger, project, "login");
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.body()).doesNotContain("login");
	}

	@Test
	void theIndexHoldsNoWordAndTasksFromBeforeSearchGetIndexed() {
		List<byte[][]> indexes = owner.transaction(sql -> sql.select(TASKS.TITLE_WORDS)
			.from(TASKS)
			.where(TASKS.PROJECT_ID.eq(UUID.fromString(project)))
			.fetch(TASKS.TITLE_WORDS));
		assertThat(indexes).hasSize(4);
		for (byte[][] words : indexes) {
			assertThat(words).isNotEmpty();
			for (byte[] word : words) {
				assertThat(word).hasSize(16);
				assertThat(new String(word, StandardCharsets.ISO_8859_1)).doesNotContainIgnoringCase("login");
			}
		}
		assertThat(FieldCipher.words("Fix the login bug")).containsExactly("fix", "the", "login", "bug");

		owner.transaction(sql -> sql.update(TASKS)
			.setNull(TASKS.TITLE_WORDS)
			.where(TASKS.PROJECT_ID.eq(UUID.fromString(project)))
			.execute());
		assertThat(titles(search(admin, project, "login"))).isEmpty();
		assertThat(sealer.pending()).isGreaterThanOrEqualTo(4);
		while (sealer.run() < 0) {
			Thread.onSpinWait();
		}
		assertThat(titles(search(admin, project, "login"))).hasSize(2);
	}

	private Response search(TestUser user, String projectId, String words) {
		return api().get(
				"/api/v1/projects/" + projectId + "/tasks?search=" + URLEncoder.encode(words, StandardCharsets.UTF_8),
				user.token());
	}

	private static List<String> titles(Response page) {
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		List<String> titles = new ArrayList<>();
		for (JsonNode item : page.json().get("items")) {
			titles.add(item.get("title").asString());
		}
		return titles;
	}

}
