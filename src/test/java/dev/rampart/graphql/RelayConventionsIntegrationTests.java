package dev.rampart.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * What the web application's Relay client needs from the API, without breaking existing
 * clients: connections with {@code edges { cursor node }} next to {@code nodes},
 * {@code node(id:)} that refetches an organization, project or task and hides everything
 * else, the task list's orders and filters (REST and GraphQL alike), and the Markdown
 * preview.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayConventionsIntegrationTests extends IntegrationTest {

	private Api api;

	private TestUser owner;

	private TestUser member;

	private TestUser outsider;

	private String org;

	private String project;

	private String restricted;

	private final List<String> tasks = new ArrayList<>();

	@BeforeAll
	void world() {
		api = api();
		owner = api.newUser("relay-owner");
		member = api.newUser("relay-member");
		outsider = api.newUser("relay-outsider");
		org = api.create("/api/v1/orgs", owner.token(), Map.of("name", "Relay"));
		api.create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", member.email(), "role", "member"));
		project = api.create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "Connections"));
		api.create("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("email", member.email(), "role", "contributor"));
		String[][] rows = { { "Alpha", "low", "2027-03-01" }, { "Bravo", "urgent", "" },
				{ "Charlie", "high", "2027-01-15" }, { "Delta", "urgent", "2027-02-01" },
				{ "Echo", "medium", "2027-01-15" }, { "Foxtrot", "low", "" } };
		for (String[] row : rows) {
			Map<String, Object> body = new HashMap<>(Map.of("title", row[0], "priority", row[1]));
			if (!row[2].isEmpty()) {
				body.put("dueDate", row[2]);
			}
			tasks.add(api.create("/api/v1/projects/" + project + "/tasks", owner.token(), body));
		}
		restricted = api.create("/api/v1/projects/" + project + "/tasks", owner.token(),
				Map.of("title", "Hidden", "visibility", "restricted"));
	}

	private JsonNode data(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().has("errors")).as(response.body()).isFalse();
		return response.json().path("data");
	}

	private List<String> titles(JsonNode connection) {
		List<String> titles = new ArrayList<>();
		connection.path("edges").forEach(edge -> titles.add(edge.path("node").path("title").asString()));
		return titles;
	}

	@Test
	void connectionsHaveEdgesWithCursorsAndKeepTheirNodes() {
		String query = "query($p: ID!, $after: String) { project(id: $p) { tasks(first: 3, after: $after) { "
				+ "edges { cursor node { id title } } nodes { id } pageInfo { hasNextPage endCursor hasPreviousPage startCursor } } } }";
		Map<String, Object> vars = new HashMap<>(Map.of("p", project));
		JsonNode first = data(api.graphql(owner.token(), query, vars)).path("project").path("tasks");
		assertThat(titles(first)).containsExactly("Hidden", "Foxtrot", "Echo");
		for (int i = 0; i < 3; i++) {
			assertThat(first.path("edges").get(i).path("node").path("id").asString())
				.isEqualTo(first.path("nodes").get(i).path("id").asString());
		}
		JsonNode info = first.path("pageInfo");
		assertThat(info.path("hasNextPage").asBoolean()).isTrue();
		assertThat(info.path("hasPreviousPage").asBoolean()).isFalse();
		assertThat(info.path("startCursor").asString()).isEqualTo(first.path("edges").get(0).path("cursor").asString());
		assertThat(info.path("endCursor").asString()).isEqualTo(first.path("edges").get(2).path("cursor").asString());
		// Any edge's cursor continues right after that edge.
		vars.put("after", first.path("edges").get(0).path("cursor").asString());
		JsonNode fromFirst = data(api.graphql(owner.token(), query, vars)).path("project").path("tasks");
		assertThat(titles(fromFirst)).containsExactly("Foxtrot", "Echo", "Delta");
		assertThat(fromFirst.path("pageInfo").path("hasPreviousPage").asBoolean()).isTrue();
		// The activity log and comments have edges too.
		JsonNode log = data(api.graphql(owner.token(),
				"query($o: ID!) { organization(id: $o) { auditLog(first: 2) { "
						+ "edges { cursor node { seq action actorName } } pageInfo { endCursor } } } }",
				Map.of("o", org)))
			.path("organization")
			.path("auditLog");
		assertThat(log.path("edges").get(0).path("cursor").asString())
			.isEqualTo(log.path("edges").get(0).path("node").path("seq").asString());
		assertThat(log.path("edges").get(0).path("node").path("actorName").asString()).isNotBlank();
	}

	@Test
	void nodeRefetchesWhatTheCallerMaySeeAndNothingElse() {
		String query = "query($id: ID!) { node(id: $id) { __typename id ... on Task { title } ... on Project { name } "
				+ "... on Organization { name } } }";
		assertThat(data(api.graphql(owner.token(), query, Map.of("id", tasks.get(0)))).path("node")
			.path("__typename")
			.asString()).isEqualTo("Task");
		assertThat(data(api.graphql(member.token(), query, Map.of("id", project))).path("node").path("name").asString())
			.isEqualTo("Connections");
		assertThat(
				data(api.graphql(member.token(), query, Map.of("id", org))).path("node").path("__typename").asString())
			.isEqualTo("Organization");
		// Another tenant's ids, a restricted task and an unknown id: null, with
		// NOT_FOUND, never the object.
		for (Map.Entry<TestUser, String> denied : List.of(Map.entry(outsider, tasks.get(0)),
				Map.entry(outsider, project), Map.entry(outsider, org), Map.entry(member, restricted),
				Map.entry(owner, "7d0c1b2a-1111-4222-8333-944455556666"))) {
			Api.Response response = api.graphql(denied.getKey().token(), query, Map.of("id", denied.getValue()));
			assertThat(response.json().path("data").path("node").isNull()).as(response.body()).isTrue();
			assertThat(response.json().path("errors").get(0).path("extensions").path("classification").asString())
				.isEqualTo("NOT_FOUND");
			assertThat(response.body()).doesNotContain("Connections", "Alpha", "Hidden", "\"Relay\"");
		}
		Api.Response garbage = api.graphql(owner.token(), query, Map.of("id", "not-an-id"));
		assertThat(garbage.json().path("errors").get(0).path("message").asString()).contains("id");
		assertThat(api.post("/graphql", null, Map.of("query", "{ node(id: \"" + org + "\") { id } }")).status())
			.isEqualTo(401);
	}

	@Test
	void taskListsSortAndFilterAlikeOverRestAndGraphQl() {
		String query = "query($p: ID!, $order: TaskOrder, $priority: TaskPriority, $from: String, $to: String, $after: String) { "
				+ "project(id: $p) { tasks(first: 2, after: $after, orderBy: $order, priority: $priority, dueFrom: $from, dueTo: $to) { "
				+ "edges { node { title } } pageInfo { hasNextPage endCursor } } } }";
		assertThat(allPages(query, Map.of("p", project, "order", "due_date"))).containsExactly("Charlie", "Echo",
				"Delta", "Alpha", "Bravo", "Foxtrot", "Hidden");
		assertThat(allPages(query, Map.of("p", project, "order", "priority"))).containsExactly("Delta", "Bravo",
				"Charlie", "Hidden", "Echo", "Foxtrot", "Alpha");
		assertThat(allPages(query, Map.of("p", project, "order", "oldest"))).containsExactly("Alpha", "Bravo",
				"Charlie", "Delta", "Echo", "Foxtrot", "Hidden");
		assertThat(allPages(query, Map.of("p", project, "priority", "urgent"))).containsExactly("Delta", "Bravo");
		assertThat(allPages(query, Map.of("p", project, "from", "2027-01-15", "to", "2027-02-01")))
			.containsExactly("Echo", "Delta", "Charlie");
		// A member sees the same order without the restricted task.
		List<String> rest = new ArrayList<>();
		api.get("/api/v1/projects/" + project + "/tasks?sort=due_date&limit=10", member.token())
			.json()
			.path("items")
			.forEach(item -> rest.add(item.path("title").asString()));
		assertThat(rest).containsExactly("Charlie", "Echo", "Delta", "Alpha", "Bravo", "Foxtrot");
		assertThat(api.get("/api/v1/projects/" + project + "/tasks?priority=urgent&dueFrom=2027-01-01", member.token())
			.json()
			.path("items")
			.size()).isEqualTo(1);
		// Bad input is a 400 naming the parameter; a cursor of one order does not
		// continue another.
		assertThat(api.get("/api/v1/projects/" + project + "/tasks?sort=random", owner.token())
			.json()
			.path("field")
			.asString()).isEqualTo("sort");
		assertThat(api.get("/api/v1/projects/" + project + "/tasks?dueFrom=2027-02-02&dueTo=2027-02-01", owner.token())
			.status()).isEqualTo(400);
		String cursor = data(api.graphql(owner.token(), query, Map.of("p", project, "order", "priority")))
			.path("project")
			.path("tasks")
			.path("pageInfo")
			.path("endCursor")
			.asString();
		Api.Response mixed = api.graphql(owner.token(), query,
				Map.of("p", project, "order", "due_date", "after", cursor));
		assertThat(mixed.json().path("errors").get(0).path("message").asString()).contains("after", "another order");
		String restCursor = api.get("/api/v1/projects/" + project + "/tasks?sort=priority&limit=2", owner.token())
			.json()
			.path("next")
			.asString();
		Api.Response restMixed = api.get("/api/v1/projects/" + project + "/tasks?sort=oldest&cursor=" + restCursor,
				owner.token());
		assertThat(restMixed.status()).isEqualTo(400);
		assertThat(restMixed.json().path("field").asString()).as("REST names its own parameter").isEqualTo("cursor");
	}

	private List<String> allPages(String query, Map<String, Object> variables) {
		List<String> titles = new ArrayList<>();
		Map<String, Object> vars = new HashMap<>(variables);
		for (int page = 0; page < 10; page++) {
			JsonNode connection = data(api.graphql(owner.token(), query, vars)).path("project").path("tasks");
			titles.addAll(titles(connection));
			if (!connection.path("pageInfo").path("hasNextPage").asBoolean()) {
				return titles;
			}
			vars.put("after", connection.path("pageInfo").path("endCursor").asString());
		}
		throw new AssertionError("more pages than expected");
	}

	@Test
	void theMarkdownPreviewIsTheSanitisedRendering() {
		String html = data(api.graphql(member.token(), "query($m: String!) { markdownPreview(markdown: $m) }",
				Map.of("m", "**bold** <script>alert(1)</script> [x](javascript:alert(1))")))
			.path("markdownPreview")
			.asString();
		assertThat(html).contains("<strong>bold</strong>").doesNotContain("<script", "javascript:");
		assertThat(api.post("/graphql", null, Map.of("query", "{ markdownPreview(markdown: \"x\") }")).status())
			.isEqualTo(401);
		Api.Response tooLong = api.graphql(member.token(), "query($m: String!) { markdownPreview(markdown: $m) }",
				Map.of("m", "x".repeat(50_001)));
		assertThat(tooLong.json().path("errors").get(0).path("extensions").path("field").asString())
			.isEqualTo("markdown");
	}

}
