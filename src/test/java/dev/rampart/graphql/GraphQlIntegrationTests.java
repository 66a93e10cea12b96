package dev.rampart.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The GraphQL endpoint: same data and access rules as REST, batching, and every abuse
 * limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphQlIntegrationTests extends IntegrationTest {

	@Autowired
	MeterRegistry meters;

	private Api api;

	private TestUser owner;

	private TestUser stranger;

	private String project;

	private String task;

	@BeforeAll
	void data() {
		api = api();
		owner = api.newUser("gql-owner");
		stranger = api.newUser("gql-stranger");
		String org = api.create("/api/v1/orgs", owner.token(), Map.of("name", "GraphQL Org"));
		project = api.create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "GraphQL Project"));
		for (int i = 0; i < 100; i++) {
			String id = api.create("/api/v1/projects/" + project + "/tasks", owner.token(),
					Map.of("title", "Task " + i, "assigneeId", owner.id()));
			if (i % 10 == 0) {
				api.create("/api/v1/tasks/" + id + "/comments", owner.token(), Map.of("body", "first"));
				api.create("/api/v1/tasks/" + id + "/comments", owner.token(), Map.of("body", "second"));
			}
			task = id;
		}
	}

	@Test
	void readsTheSameDataAsRest() {
		JsonNode data = ok(api.graphql(owner.token(),
				"{ viewer { email } task(id: \"" + task + "\") { title status visibility } }", Map.of()));
		assertThat(data.path("viewer").path("email").asString()).isEqualTo(owner.email());
		assertThat(data.path("task").path("title").asString()).isEqualTo("Task 99");
		assertThat(data.path("task").path("visibility").asString()).isEqualTo("project");
	}

	@Test
	void aHundredTasksWithAssigneesAndCommentCountsTakeABoundedNumberOfStatements() {
		String query = "query($p: ID!) { project(id: $p) { tasks(first: 100) { nodes { id title commentCount "
				+ "assignee { displayName } createdBy { email } } pageInfo { hasNextPage } } } }";
		double before = statements();
		JsonNode data = ok(api.graphql(owner.token(), query, Map.of("p", project)));
		double used = statements() - before;
		JsonNode nodes = data.path("project").path("tasks").path("nodes");
		assertThat(nodes.size()).isEqualTo(100);
		assertThat(nodes.get(0).path("assignee").path("displayName").asString()).isEqualTo("gql-owner");
		int commented = 0;
		for (JsonNode node : nodes) {
			commented += node.path("commentCount").asInt() == 2 ? 1 : 0;
		}
		assertThat(commented).isEqualTo(10);
		// session lookup, project decision, task list, then one batch each for assignees,
		// creators and comment counts (each transaction's context statement is not
		// counted). Without batching it would be 300 more.
		System.out.println(
				"GraphQL: 100 tasks with assignee, creator and comment count took " + (long) used + " SQL statements");
		assertThat(used).as("SQL statements for the whole query").isLessThanOrEqualTo(8);
	}

	@Test
	void otherTenantsIdsAreIndistinguishableFromMissingOnes() {
		Api.Response foreign = api.graphql(stranger.token(), "{ task(id: \"" + task + "\") { title } }", Map.of());
		Api.Response missing = api.graphql(stranger.token(),
				"{ task(id: \"" + java.util.UUID.randomUUID() + "\") { title } }", Map.of());
		for (Api.Response response : new Api.Response[] { foreign, missing }) {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().path("data").path("task").isNull()).isTrue();
			assertThat(response.json().path("errors").get(0).path("extensions").path("classification").asString())
				.isEqualTo("NOT_FOUND");
		}
		assertThat(foreign.json().path("errors").get(0).path("message").asString())
			.isEqualTo(missing.json().path("errors").get(0).path("message").asString());
	}

	@Test
	void requiresAuthentication() {
		assertThat(api.graphql(null, "{ viewer { id } }", Map.of()).status()).isEqualTo(401);
	}

	@Test
	void refusesTooDeepQueries() {
		String ten = "query($t: ID!) { task(id: $t) { project { tasks(first: 1) { nodes { project { tasks(first: 1) "
				+ "{ nodes { project { organization { id } } } } } } } } } }";
		assertThat(ok(api.graphql(owner.token(), ten, Map.of("t", task))).path("task").path("project").isObject())
			.isTrue();
		String twelve = ten.replace("organization { id }", "tasks(first: 1) { nodes { id } }");
		JsonNode error = error(api.graphql(owner.token(), twelve, Map.of("t", task)));
		assertThat(error.path("message").asString()).containsIgnoringCase("depth");
	}

	@Test
	void refusesTooCostlyQueries() {
		String costly = "{ viewer { organizations { projects { tasks(first: 100) { nodes { comments(first: 100) "
				+ "{ nodes { body } } } } } } } }";
		JsonNode error = error(api.graphql(owner.token(), costly, Map.of()));
		assertThat(error.path("message").asString()).containsIgnoringCase("complexity");
	}

	@Test
	void refusesAliasBombs() {
		StringBuilder query = new StringBuilder("{");
		for (int i = 0; i < 16; i++) {
			query.append(" a").append(i).append(": viewer { id }");
		}
		JsonNode error = error(api.graphql(owner.token(), query.append(" }").toString(), Map.of()));
		assertThat(error.path("message").asString()).contains("too many aliases");
		assertThat(error.path("extensions").path("code").asString()).isEqualTo("TOO_MANY_ALIASES");
	}

	@Test
	void refusesHugeDocumentsWhileParsing() {
		StringBuilder query = new StringBuilder("{ viewer { ");
		for (int i = 0; i < 6000; i++) {
			query.append("id ");
		}
		JsonNode error = error(api.graphql(owner.token(), query.append("} }").toString(), Map.of()));
		assertThat(error.path("message").asString()).containsIgnoringCase("token");
	}

	@Test
	void refusesBatchedOperations() {
		Api.Response response = api.post("/graphql", owner.token(),
				"[{\"query\":\"{ viewer { id } }\"},{\"query\":\"{ viewer { id } }\"}]");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("type")).isEqualTo("urn:rampart:problem:graphql-batch-refused");
	}

	@Test
	void graphiqlIsOffByDefault() {
		assertThat(api.get("/graphiql", owner.token()).status()).isEqualTo(404);
	}

	@Test
	void badInputIsABadRequestErrorWithoutInternals() {
		Api.Response response = api.graphql(owner.token(), "{ task(id: \"not-a-uuid\") { id } }", Map.of());
		JsonNode error = error(response);
		assertThat(error.path("extensions").path("classification").asString()).isEqualTo("BAD_REQUEST");
		assertThat(error.path("extensions").path("field").asString()).isEqualTo("id");
		assertThat(response.body()).doesNotContain("Exception", "SQL", "at dev.rampart", "java.");
		Api.Response stale = api.graphql(owner.token(),
				"mutation($t: ID!) { updateTask(id: $t, version: 999, " + "input: { title: \"x\" }) { id } }",
				Map.of("t", task));
		assertThat(error(stale).path("extensions").path("code").asString()).isEqualTo("stale-version");
		// Errors name the argument the caller wrote (first, after), not the REST
		// parameters behind it.
		JsonNode tooMany = error(api.graphql(owner.token(),
				"query($p: ID!) { project(id: $p) { tasks(first: 1000) { nodes { id } } } }", Map.of("p", project)));
		assertThat(tooMany.path("extensions").path("field").asString()).isEqualTo("first");
		assertThat(tooMany.path("message").asString()).startsWith("first: ");
		JsonNode badCursor = error(api.graphql(owner.token(),
				"query($p: ID!) { project(id: $p) { tasks(first: 5, after: \"nonsense\") { nodes { id } } } }",
				Map.of("p", project)));
		assertThat(badCursor.path("extensions").path("field").asString()).isEqualTo("after");
		Api.Response unknownField = api.graphql(owner.token(), "{ task(id: \"" + task + "\") { secret } }", Map.of());
		assertThat(error(unknownField).path("extensions").path("classification").asString())
			.isEqualTo("ValidationError");
	}

	@Test
	void introspectionIsOffByDefault() {
		JsonNode error = error(api.graphql(owner.token(), "{ __schema { types { name } } }", Map.of()));
		assertThat(error.path("message").asString()).containsIgnoringCase("introspection");
	}

	@Test
	void theSchemaIsPublishedForToolingAndItsEnumerationsAreEnums() {
		Api.Response schema = api.get("/api/v1/graphql/schema.graphqls", null);
		assertThat(schema.status()).isEqualTo(200);
		assertThat(schema.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
		assertThat(schema.body()).contains("type Query {", "enum StatusCategory {", "enum OrganizationRole {",
				"priority: TaskPriority!", "role: GrantRole!", "outcome: AuditOutcome!");
		// The file is the schema the server runs: every type it names answers a query.
		JsonNode data = ok(api
			.graphql(owner.token(), "query($t: ID!, $s: String) { task(id: $t) { status state { category } priority "
					+ "visibility project { tasks(first: 1, status: $s) { nodes { status } } } } viewer { organizations { myRole } } }",
					Map.of("t", task, "s", "todo")));
		assertThat(data.path("task").path("status").asString()).isEqualTo("todo");
		assertThat(data.path("task").path("state").path("category").asString()).isEqualTo("todo");
		assertThat(data.path("task").path("project").path("tasks").path("nodes").get(0).path("status").asString())
			.isEqualTo("todo");
		assertThat(data.path("viewer").path("organizations").get(0).path("myRole").asString()).isEqualTo("owner");
		JsonNode wrong = error(api.graphql(owner.token(),
				"mutation($t: ID!) { updateTask(id: $t, version: 1, input: {priority: extreme}) { id } }",
				Map.of("t", task)));
		assertThat(wrong.path("message").asString()).contains("TaskPriority");
	}

	@Test
	void persistedQueriesByHash() {
		String query = "{ viewer { email } }";
		String hash = DocumentGate.sha256(query);
		Map<String, Object> hashOnly = Map.of("extensions",
				Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)));
		Api.Response unknown = api.post("/graphql", owner.token(), hashOnly);
		assertThat(error(unknown).path("extensions").path("code").asString()).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
		Map<String, Object> withText = new HashMap<>(hashOnly);
		withText.put("query", query);
		assertThat(ok(api.post("/graphql", owner.token(), withText)).path("viewer").path("email").asString())
			.isEqualTo(owner.email());
		assertThat(ok(api.post("/graphql", owner.token(), hashOnly)).path("viewer").path("email").asString())
			.isEqualTo(owner.email());
		Map<String, Object> mismatch = Map.of("query", "{ viewer { id } }", "extensions",
				Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)));
		assertThat(error(api.post("/graphql", owner.token(), mismatch)).path("extensions").path("code").asString())
			.isEqualTo("PERSISTED_QUERY_HASH_MISMATCH");
	}

	@Test
	void registeredPersistedQueriesRunByHashAlone() throws Exception {
		String text = new String(
				getClass().getResourceAsStream("/graphql/persisted/my-assigned-tasks.graphql").readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8);
		Map<String, Object> hashOnly = Map.of("variables", Map.of("first", 5), "extensions",
				Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", DocumentGate.sha256(text))));
		JsonNode nodes = ok(api.post("/graphql", owner.token(), hashOnly)).path("viewer")
			.path("assignedTasks")
			.path("nodes");
		assertThat(nodes.size()).isEqualTo(5);
	}

	private double statements() {
		// A user's statements only: background work (the webhook sender polls) runs
		// without one.
		return meters.get("rampart.db.statements").tag("caller", "user").counter().count();
	}

	static JsonNode ok(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().has("errors")).as(response.body()).isFalse();
		return response.json().path("data");
	}

	static JsonNode error(Api.Response response) {
		assertThat(response.status()).as(response.body()).isIn(200, 400);
		assertThat(response.json().path("errors").size()).as(response.body()).isGreaterThan(0);
		return response.json().path("errors").get(0);
	}

}
