package dev.rampart.work;

import static dev.rampart.Answers.assertProblem;
import static dev.rampart.db.schema.Tables.TASK_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A task's history over REST and GraphQL: every field a change touches, from what to
 * what, by whom, newest first, with the names of what the values refer to; sealed at
 * rest; gone from sight with the task when it becomes restricted (in the service and by
 * row-level security); never rewritten.
 */
class TaskHistoryIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	DataSource appDataSource;

	private TestUser lead;

	private TestUser contributor;

	private String org;

	private String project;

	@BeforeEach
	void aProjectWithAContributor() {
		ProjectTeam team = ProjectTeam.create(api(), "hist", "History", "Launch");
		lead = team.lead();
		contributor = team.contributor();
		org = team.org();
		project = team.project();
	}

	private Api.Response change(TestUser who, String task, Map<String, Object> fields) {
		Api.Response changed = api().call("PATCH", "/api/v1/tasks/" + task, who.token(), fields,
				Map.of("If-Match", "*"));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		return changed;
	}

	private List<JsonNode> history(TestUser who, String task) {
		Api.Response read = api().get("/api/v1/tasks/" + task + "/history?limit=100", who.token());
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		List<JsonNode> entries = new ArrayList<>();
		read.json().path("items").forEach(entries::add);
		return entries;
	}

	private static JsonNode only(List<JsonNode> entries, String field) {
		List<JsonNode> found = entries.stream().filter(e -> e.path("field").asString().equals(field)).toList();
		assertThat(found).as(field).hasSize(1);
		return found.get(0);
	}

	@Test
	void everyChangeIsRecordedFromWhatToWhatByWhom() {
		String task = api().create("/api/v1/projects/" + project + "/tasks", lead.token(),
				Map.of("title", "Draft the plan", "description", "First *thoughts*"));
		String milestone = api().create("/api/v1/projects/" + project + "/milestones", lead.token(),
				Map.of("name", "Beta"));
		String red = api().create("/api/v1/orgs/" + org + "/labels", lead.token(),
				Map.of("name", "urgent", "colour", "#d1242f"));
		String blue = api().create("/api/v1/orgs/" + org + "/labels", lead.token(),
				Map.of("name", "docs", "colour", "#1f6feb"));
		assertThat(history(contributor, task)).as("a new task has no changes yet").isEmpty();

		change(contributor, task,
				Map.of("title", "Write the plan", "description", "Second *thoughts*", "status", "in_progress",
						"priority", "high", "dueDate", "2027-03-01", "estimateMinutes", 90, "milestoneId", milestone,
						"labelIds", List.of(red, blue)));
		change(lead, task, Map.of("assigneeId", contributor.id(), "labelIds", List.of(blue), "status", "done"));
		// The same title again is no change.
		change(lead, task, Map.of("title", "Write the plan"));

		List<JsonNode> entries = history(contributor, task);
		assertThat(entries.stream().map(e -> e.path("field").asString())).containsExactlyInAnyOrder("title",
				"description", "status", "priority", "dueDate", "estimateMinutes", "milestone", "labels", "labels",
				"assignee", "labels", "status");
		// Newest first: the lead's change before the contributor's.
		assertThat(entries.get(0).path("actorId").asString()).isEqualTo(lead.id());
		assertThat(entries.get(entries.size() - 1).path("actorId").asString()).isEqualTo(contributor.id());
		for (int i = 1; i < entries.size(); i++) {
			assertThat(entries.get(i).path("at").asString())
				.isLessThanOrEqualTo(entries.get(i - 1).path("at").asString());
		}

		JsonNode title = only(entries, "title");
		assertThat(title.at("/from/value").asString()).isEqualTo("Draft the plan");
		assertThat(title.at("/to/value").asString()).isEqualTo("Write the plan");
		assertThat(title.path("actorName").asString()).isEqualTo("hist-contributor");
		assertThat(only(entries, "description").at("/from/value").asString()).isEqualTo("First *thoughts*");
		assertThat(only(entries, "priority").at("/from/value").asString()).isEqualTo("medium");
		assertThat(only(entries, "priority").at("/to/value").asString()).isEqualTo("high");
		assertThat(only(entries, "dueDate").path("from").isNull()).isTrue();
		assertThat(only(entries, "dueDate").at("/to/value").asString()).isEqualTo("2027-03-01");
		assertThat(only(entries, "estimateMinutes").at("/to/value").asString()).isEqualTo("90");
		assertThat(only(entries, "milestone").at("/to/label").asString()).isEqualTo("Beta");
		JsonNode assignee = only(entries, "assignee");
		assertThat(assignee.at("/to/value").asString()).isEqualTo(contributor.id());
		assertThat(assignee.at("/to/label").asString()).isEqualTo("hist-contributor");
		List<JsonNode> statuses = entries.stream().filter(e -> e.path("field").asString().equals("status")).toList();
		assertThat(statuses.get(0).at("/from/label").asString()).isEqualTo("In progress");
		assertThat(statuses.get(0).at("/to/label").asString()).isEqualTo("Done");
		assertThat(statuses.get(1).at("/from/value").asString()).isEqualTo("todo");
		List<String> labels = entries.stream()
			.filter(e -> e.path("field").asString().equals("labels"))
			.map(e -> (e.path("to").isNull() ? "-" : "+")
					+ (e.path("to").isNull() ? e.at("/from/label") : e.at("/to/label")).asString())
			.toList();
		assertThat(labels).containsExactlyInAnyOrder("+urgent", "+docs", "-urgent");

		// GraphQL: the same entries, paged.
		Api.Response graph = api().graphql(contributor.token(),
				"query($id: ID!) { task(id: $id) { history(first: 5) { nodes { field actorName from { value label } "
						+ "to { value label } } pageInfo { hasNextPage endCursor } } } }",
				Map.of("id", task));
		assertThat(graph.json().path("errors").isMissingNode()).as(graph.body()).isTrue();
		JsonNode connection = graph.json().at("/data/task/history");
		assertThat(connection.path("nodes")).hasSize(5);
		assertThat(connection.at("/pageInfo/hasNextPage").asBoolean()).isTrue();
		Api.Response next = api().graphql(contributor.token(),
				"query($id: ID!, $after: String) { task(id: $id) { history(first: 100, after: $after) { nodes { field } } } }",
				Map.of("id", task, "after", connection.at("/pageInfo/endCursor").asString()));
		assertThat(next.json().at("/data/task/history/nodes")).hasSize(entries.size() - 5);

		// REST pages the same way.
		Api.Response page = api().get("/api/v1/tasks/" + task + "/history?limit=2", contributor.token());
		assertThat(page.json().path("items")).hasSize(2);
		assertThat(page.json().path("next").asString()).isNotEmpty();
	}

	@Test
	void theSealedValuesAreSealedAtRestAndNobodyRewritesTheHistory() throws Exception {
		String task = api().create("/api/v1/projects/" + project + "/tasks", lead.token(),
				Map.of("title", "Quarterly numbers nobody may read"));
		change(lead, task, Map.of("title", "Quarterly numbers still secret", "priority", "low"));
		List<byte[]> stored = owner.transaction(sql -> sql.select(TASK_HISTORY.OLD_SEALED, TASK_HISTORY.NEW_SEALED)
			.from(TASK_HISTORY)
			.where(TASK_HISTORY.TASK_ID.eq(UUID.fromString(task)))
			.and(TASK_HISTORY.FIELD.eq("title"))
			.fetchOne(row -> List.of(row.value1(), row.value2())));
		for (byte[] value : stored) {
			assertThat(new String(value, StandardCharsets.ISO_8859_1)).doesNotContain("Quarterly", "secret", "nobody");
		}
		// As the application's database role, with the lead's own context: the history
		// can be read, not changed or removed.
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			setUser(c, lead.id());
			assertThat(count(c, "select count(*) from rampart.task_history where task_id = ?", task)).isEqualTo(2);
			for (String rewrite : new String[] { "update rampart.task_history set new_value = 'high' where task_id = ?",
					"delete from rampart.task_history where task_id = ?" }) {
				try (PreparedStatement s = c.prepareStatement(rewrite)) {
					s.setObject(1, UUID.fromString(task));
					assertThatThrownBy(s::executeUpdate).as(rewrite).hasMessageContaining("permission denied");
				}
				c.rollback();
				setUser(c, lead.id());
			}
			c.rollback();
		}
		assertThat(history(lead, task)).hasSize(2);
	}

	@Test
	void aTaskThatBecomesRestrictedTakesItsHistoryOutOfSight() throws Exception {
		String task = api().create("/api/v1/projects/" + project + "/tasks", lead.token(),
				Map.of("title", "Acquisition target"));
		change(contributor, task, Map.of("priority", "urgent"));
		assertThat(history(contributor, task)).hasSize(1);
		change(lead, task, Map.of("visibility", "restricted", "title", "Acquisition target: Initech"));
		assertProblem(api().get("/api/v1/tasks/" + task + "/history", contributor.token()), 404, "task");
		Api.Response graph = api().graphql(contributor.token(),
				"query($id: ID!) { task(id: $id) { history { nodes { field } } } }", Map.of("id", task));
		assertThat(graph.json().at("/data/task").isNull()).as(graph.body()).isTrue();
		assertThat(graph.json().path("errors")).isNotEmpty();
		// And in the database: with the contributor's context, not one row of it.
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			setUser(c, contributor.id());
			assertThat(count(c, "select count(*) from rampart.task_history where task_id = ?", task)).isZero();
			c.rollback();
		}
		assertThat(history(lead, task)).as("priority, visibility, title").hasSize(3);
	}

	@Test
	void changesMadeByAWorkflowChangeAreRecordedToo() {
		String task = api().create("/api/v1/projects/" + project + "/tasks", contributor.token(),
				Map.of("title", "Parked", "status", "cancelled"));
		Api.Response changed = api()
			.call("PUT", "/api/v1/projects/" + project + "/workflow", lead.token(),
					Map.of("statuses",
							List.of(Map.of("key", "todo", "name", "To do", "colour", "#6b7280", "category", "todo"),
									Map.of("key", "done", "name", "Done", "colour", "#16a34a", "category", "done")),
							"transitions", List.of(Map.of("from", "todo", "to", "done", "roles", List.of())),
							"replacements",
							List.of(Map.of("status", "cancelled", "replacement", "done"),
									Map.of("status", "in_progress", "replacement", "todo"))),
					Map.of("If-Match", "\"1\""));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		JsonNode status = only(history(contributor, task), "status");
		assertThat(status.at("/from/value").asString()).isEqualTo("cancelled");
		assertThat(status.at("/from/label").isNull()).as("a status the workflow no longer has").isTrue();
		assertThat(status.at("/to/label").asString()).isEqualTo("Done");
		assertThat(status.path("actorId").asString()).isEqualTo(lead.id());
	}

	@Test
	void badRequestsAreClearProblems() {
		String task = api().create("/api/v1/projects/" + project + "/tasks", lead.token(), Map.of("title", "T"));
		assertProblem(api().get("/api/v1/tasks/" + task + "/history?limit=0", lead.token()), 400, "limit");
		assertProblem(api().get("/api/v1/tasks/" + task + "/history?cursor=nonsense", lead.token()), 400, "cursor");
		assertProblem(api().get("/api/v1/tasks/" + UUID.randomUUID() + "/history", lead.token()), 404, "task");
		assertProblem(api().get("/api/v1/tasks/not-a-uuid/history", lead.token()), 400, "taskId");
		assertThat(api().get("/api/v1/tasks/" + task + "/history", null).status()).isEqualTo(401);
	}

	private static void setUser(Connection c, String user) throws Exception {
		try (PreparedStatement s = c.prepareStatement("select set_config('rampart.user_id', ?, true)")) {
			s.setString(1, user);
			s.execute();
		}
	}

	private static long count(Connection c, String query, String task) throws Exception {
		try (PreparedStatement s = c.prepareStatement(query)) {
			s.setObject(1, UUID.fromString(task));
			try (ResultSet rs = s.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

}
