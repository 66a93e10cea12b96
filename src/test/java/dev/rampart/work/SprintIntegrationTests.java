package dev.rampart.work;

import static dev.rampart.Answers.assertProblem;
import static dev.rampart.db.schema.Tables.SPRINTS;
import static dev.rampart.db.schema.Tables.TASK_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Sprints over REST and GraphQL: planning tasks with story points, ordering a list by
 * moves that write one rank, one active sprint, closing moves the unfinished tasks on;
 * burndown and velocity against a hand-computed scenario with tasks added, re-estimated
 * and removed mid-sprint.
 */
class SprintIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	private TestUser lead;

	private TestUser contributor;

	private String org;

	private String project;

	@BeforeEach
	void aProjectWithAContributor() {
		ProjectTeam team = ProjectTeam.create(api(), "sprint", "Sprints", "Rocket");
		lead = team.lead();
		contributor = team.contributor();
		org = team.org();
		project = team.project();
	}

	private String sprint(String name, String start, String end) {
		return api().create("/api/v1/projects/" + project + "/sprints", lead.token(),
				Map.of("name", name, "goal", "Reach orbit", "startDate", start, "endDate", end));
	}

	private String task(String title) {
		return api().create("/api/v1/projects/" + project + "/tasks", contributor.token(), Map.of("title", title));
	}

	private void change(String task, Map<String, Object> fields) {
		Api.Response changed = api().call("PATCH", "/api/v1/tasks/" + task, contributor.token(), fields,
				Map.of("If-Match", "*"));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
	}

	private List<String> titles(String sprintOrBacklog) {
		Api.Response listed = api().get(
				"/api/v1/projects/" + project + "/tasks?sort=rank&limit=100&sprint=" + sprintOrBacklog,
				contributor.token());
		assertThat(listed.status()).as(listed.body()).isEqualTo(200);
		List<String> titles = new ArrayList<>();
		listed.json().path("items").forEach(t -> titles.add(t.path("title").asString()));
		return titles;
	}

	private Api.Response move(String task, Map<String, Object> where) {
		return api().post("/api/v1/tasks/" + task + "/move", contributor.token(), where);
	}

	@Test
	void tasksArePlannedOrderedAndCarriedOverWhenASprintCloses() {
		String first = sprint("Sprint 1", "2026-12-01", "2026-12-14");
		String second = sprint("Sprint 2", "2026-12-15", "2026-12-28");
		Map<String, String> ids = new HashMap<>();
		for (String title : List.of("Engine", "Fuel", "Hull", "Paint")) {
			ids.put(title, task(title));
		}
		assertThat(titles("backlog")).as("new tasks in the backlog, in the order they came")
			.containsExactly("Engine", "Fuel", "Hull", "Paint");

		// Dragging: into the sprint at the end, then before and between others.
		assertThat(move(ids.get("Hull"), Map.of("sprintId", first)).status()).isEqualTo(200);
		assertThat(move(ids.get("Engine"), Map.of("sprintId", first, "beforeTaskId", ids.get("Hull"))).status())
			.isEqualTo(200);
		Api.Response between = move(ids.get("Fuel"),
				Map.of("sprintId", first, "afterTaskId", ids.get("Engine"), "beforeTaskId", ids.get("Hull")));
		assertThat(between.status()).as(between.body()).isEqualTo(200);
		assertThat(between.json().path("sprintId").asString()).isEqualTo(first);
		assertThat(titles(first)).containsExactly("Engine", "Fuel", "Hull");
		assertThat(titles("backlog")).containsExactly("Paint");
		assertThat(move(ids.get("Hull"), Map.of("sprintId", first, "afterTaskId", ids.get("Engine"))).status())
			.isEqualTo(200);
		assertThat(titles(first)).containsExactly("Engine", "Hull", "Fuel");
		// Pulling one back to the top of the backlog.
		assertThat(move(ids.get("Fuel"), Map.of("beforeTaskId", ids.get("Paint"))).status()).isEqualTo(200);
		assertThat(titles("backlog")).containsExactly("Fuel", "Paint");

		change(ids.get("Engine"), Map.of("storyPoints", 5, "status", "done"));
		change(ids.get("Hull"), Map.of("storyPoints", 8));
		JsonNode read = api().get("/api/v1/sprints/" + first, contributor.token()).json();
		assertThat(read.path("taskCount").asInt()).isEqualTo(2);
		assertThat(read.path("points").asInt()).isEqualTo(13);
		assertThat(read.path("donePoints").asInt()).isEqualTo(5);

		// One active sprint at a time; only the active one closes.
		assertThat(api().post("/api/v1/sprints/" + first + "/start", lead.token(), null).status()).isEqualTo(200);
		assertProblem(api().post("/api/v1/sprints/" + second + "/start", lead.token(), null), 409, "active sprint");
		assertProblem(api().post("/api/v1/sprints/" + second + "/close", lead.token(), Map.of()), 409,
				"only the active sprint");
		assertProblem(api().post("/api/v1/sprints/" + first + "/start", contributor.token(), null), 403, "");
		Api.Response closed = api().post("/api/v1/sprints/" + first + "/close", lead.token(),
				Map.of("nextSprintId", second));
		assertThat(closed.status()).as(closed.body()).isEqualTo(200);
		assertThat(closed.json().path("state").asString()).isEqualTo("closed");
		assertThat(titles(second)).as("the unfinished task carried over").containsExactly("Hull");
		assertThat(titles(first)).as("the done task stays").containsExactly("Engine");
		assertProblem(move(ids.get("Paint"), Map.of("sprintId", first)), 400, "closed sprint");
		// The carried-over task's history names the sprints it went through.
		String history = api().get("/api/v1/tasks/" + ids.get("Hull") + "/history?limit=100", contributor.token())
			.body();
		assertThat(history).contains("\"field\":\"sprint\"", "\"label\":\"Sprint 1\"", "\"label\":\"Sprint 2\"",
				"\"field\":\"storyPoints\"");

		// GraphQL: the same sprints, planning and velocity.
		Api.Response graph = api().graphql(contributor.token(),
				"query($p: ID!) { project(id: $p) { sprints { name state points } velocity { average sprints { "
						+ "sprint { name } committed completed } } "
						+ "tasks(sprint: \"backlog\", orderBy: rank) { nodes { title sprint { name } storyPoints } } } }",
				Map.of("p", project));
		assertThat(graph.json().path("errors").isMissingNode()).as(graph.body()).isTrue();
		assertThat(graph.json().at("/data/project/sprints/0/state").asString()).isEqualTo("closed");
		assertThat(graph.json().at("/data/project/velocity/sprints/0/completed").asInt()).isEqualTo(5);
		assertThat(graph.json().at("/data/project/tasks/nodes/0/title").asString()).isEqualTo("Fuel");
		Api.Response moved = api().graphql(contributor.token(),
				"mutation($t: ID!, $s: ID) { moveTask(id: $t, sprintId: $s) { sprint { name } rank } }",
				Map.of("t", ids.get("Paint"), "s", second));
		assertThat(moved.json().at("/data/moveTask/sprint/name").asString()).as(moved.body()).isEqualTo("Sprint 2");
	}

	@Test
	void theBurndownFollowsEveryChangeMadeMidSprint() {
		String sprint = sprint("Sprint 7", "2026-11-02", "2026-11-06");
		String a = task("A");
		String b = task("B");
		String c = task("C");
		String d = task("D");
		String e = task("E");
		at("2026-11-01T23:00:00Z", () -> {
			change(a, Map.of("sprintId", sprint, "storyPoints", 3));
			change(b, Map.of("sprintId", sprint, "storyPoints", 5));
			change(c, Map.of("sprintId", sprint, "storyPoints", 2));
			change(d, Map.of("storyPoints", 8));
			change(e, Map.of("storyPoints", 13));
		});
		assertThat(api().post("/api/v1/sprints/" + sprint + "/start", lead.token(), null).status()).isEqualTo(200);
		owner.transaction(sql -> sql.update(SPRINTS)
			.set(SPRINTS.STARTED_AT, Instant.parse("2026-11-02T08:00:00Z"))
			.where(SPRINTS.ID.eq(UUID.fromString(sprint)))
			.execute());
		at("2026-11-03T10:00:00Z", () -> change(a, Map.of("status", "done")));
		at("2026-11-03T10:30:00Z", () -> change(e, Map.of("sprintId", sprint)));
		at("2026-11-03T15:00:00Z", () -> change(e, java.util.Collections.singletonMap("sprintId", null)));
		at("2026-11-04T10:00:00Z", () -> {
			change(d, Map.of("sprintId", sprint));
			change(b, Map.of("storyPoints", 3));
		});
		at("2026-11-05T10:00:00Z", () -> change(c, java.util.Collections.singletonMap("sprintId", null)));
		at("2026-11-06T10:00:00Z", () -> change(b, Map.of("status", "done")));
		at("2026-11-06T18:00:00Z",
				() -> assertThat(api().post("/api/v1/sprints/" + sprint + "/close", lead.token(), Map.of()).status())
					.isEqualTo(200));
		owner.transaction(sql -> sql.update(SPRINTS)
			.set(SPRINTS.CLOSED_AT, Instant.parse("2026-11-06T18:00:00Z"))
			.where(SPRINTS.ID.eq(UUID.fromString(sprint)))
			.execute());

		// By hand: committed 3 + 5 + 2 = 10 at the start. Day 1: 10. Day 2: A done, 7 (E
		// came
		// and went). Day 3: D (8) joins, B 5 -> 3: 13. Day 4: C leaves: 11. Day 5: B
		// done: 8.
		JsonNode burndown = api().get("/api/v1/sprints/" + sprint + "/burndown", contributor.token()).json();
		assertThat(burndown.path("committed").asInt()).as(burndown.toString()).isEqualTo(10);
		List<Integer> remaining = new ArrayList<>();
		List<Integer> scope = new ArrayList<>();
		List<Double> ideal = new ArrayList<>();
		burndown.path("days").forEach(day -> {
			remaining.add(day.path("remaining").asInt());
			scope.add(day.path("scope").asInt());
			ideal.add(day.path("ideal").asDouble());
		});
		assertThat(remaining).containsExactly(10, 7, 13, 11, 8);
		assertThat(scope).containsExactly(10, 10, 16, 14, 14);
		assertThat(ideal).containsExactly(8.0, 6.0, 4.0, 2.0, 0.0);
		assertThat(burndown.at("/days/0/date").asString()).isEqualTo("2026-11-02");

		JsonNode velocity = api().get("/api/v1/projects/" + project + "/velocity", contributor.token()).json();
		assertThat(velocity.at("/sprints/0/committed").asInt()).isEqualTo(10);
		assertThat(velocity.at("/sprints/0/completed").asInt()).as("A and B, 3 points each").isEqualTo(6);
		assertThat(titles("backlog")).as("the unfinished D went back at the close").contains("D");
	}

	@Test
	void badRequestsAreClearProblems() {
		String sprint = sprint("S", "2026-12-01", "2026-12-14");
		String task = task("T");
		String base = "/api/v1/projects/" + project + "/sprints";
		assertProblem(
				api().post(base, lead.token(), Map.of("name", "S", "startDate", "2026-12-14", "endDate", "2026-12-01")),
				400, "endDate");
		assertProblem(api().post(base, lead.token(), Map.of("name", "S", "startDate", "soon", "endDate", "2026-12-01")),
				400, "startDate");
		assertProblem(api().post(base, lead.token(), Map.of("startDate", "2026-12-01", "endDate", "2026-12-02")), 400,
				"name");
		assertProblem(api().post(base, contributor.token(),
				Map.of("name", "S", "startDate", "2026-12-01", "endDate", "2026-12-02")), 403, "");
		assertProblem(api().call("PATCH", "/api/v1/sprints/" + sprint, lead.token(), Map.of("colour", "red")), 400,
				"colour");
		assertProblem(api().call("PATCH", "/api/v1/sprints/" + sprint, lead.token(), Map.of("name", "S2"),
				Map.of("If-Match", "\"7\"")), 412, "");
		assertProblem(move(task, Map.of("sprintId", UUID.randomUUID().toString())), 400, "sprintId");
		assertProblem(move(task, Map.of("afterTaskId", UUID.randomUUID().toString())), 400, "afterTaskId");
		assertProblem(api().call("PATCH", "/api/v1/tasks/" + task, contributor.token(), Map.of("storyPoints", -1),
				Map.of("If-Match", "*")), 400, "storyPoints");
		assertProblem(api().call("PATCH", "/api/v1/tasks/" + task, contributor.token(), Map.of("storyPoints", "lots"),
				Map.of("If-Match", "*")), 400, "storyPoints");
		assertProblem(api().get("/api/v1/projects/" + project + "/tasks?sprint=soon", contributor.token()), 400,
				"sprint");
		assertProblem(api().get("/api/v1/projects/" + project + "/tasks?sort=rank&cursor=junk", contributor.token()),
				400, "cursor");
		assertProblem(api().get("/api/v1/sprints/" + UUID.randomUUID() + "/burndown", contributor.token()), 404,
				"sprint");
		assertThat(api().call("DELETE", "/api/v1/sprints/" + sprint, lead.token(), null).status()).isEqualTo(204);
	}

	@Test
	void reportsWeighOnTheGraphQlCostBudget() {
		sprint("Weighed", "2026-12-01", "2026-12-14");
		Api.Response allowed = api().graphql(contributor.token(), burndowns(4), Map.of("p", project));
		assertThat(allowed.json().at("/data/p3/sprints/0/burndown/committed").asInt()).as(allowed.body()).isZero();
		// Each burndown weighs 100; a project's sprints count ten times: five such
		// projects are over the 5,000 a request may cost.
		Api.Response refused = api().graphql(contributor.token(), burndowns(5), Map.of("p", project));
		assertThat(refused.body()).containsIgnoringCase("complexity");
	}

	private static String burndowns(int projects) {
		StringBuilder query = new StringBuilder("query($p: ID!) {");
		for (int i = 0; i < projects; i++) {
			query.append(" p").append(i).append(": project(id: $p) { sprints { burndown { committed } } }");
		}
		return query.append(" }").toString();
	}

	@Test
	void everySprintMutationAndFieldIsRefusedToWhoMayNot() {
		String sprint = sprint("Guarded", "2026-12-01", "2026-12-14");
		TestUser outsider = api().newUser("sprint-outsider");
		Map<String, String> mutations = Map.of("updateSprint",
				"mutation($s: ID!) { updateSprint(id: $s, version: 1, input: { name: \"X\" }) { id } }", "startSprint",
				"mutation($s: ID!) { startSprint(id: $s) { id } }", "closeSprint",
				"mutation($s: ID!) { closeSprint(id: $s) { id } }", "deleteSprint",
				"mutation($s: ID!) { deleteSprint(id: $s) }");
		for (var mutation : mutations.entrySet()) {
			Api.Response forbidden = api().graphql(contributor.token(), mutation.getValue(), Map.of("s", sprint));
			assertThat(forbidden.json().at("/errors/0/extensions/code").asString())
				.as("%s by a contributor: %s", mutation.getKey(), forbidden.body())
				.isEqualTo("forbidden");
			Api.Response unknown = api().graphql(outsider.token(), mutation.getValue(), Map.of("s", sprint));
			assertThat(unknown.json().at("/errors/0/extensions/code").asString())
				.as("%s by an outsider: %s", mutation.getKey(), unknown.body())
				.isEqualTo("not-found");
		}
		Api.Response hidden = api().graphql(outsider.token(), "query($s: ID!) { sprint(id: $s) { name } }",
				Map.of("s", sprint));
		assertThat(hidden.json().at("/errors/0/extensions/code").asString()).as(hidden.body()).isEqualTo("not-found");
		assertThat(api()
			.graphql(contributor.token(), "query($s: ID!) { sprint(id: $s) { name burndown { committed } } }",
					Map.of("s", sprint))
			.json()
			.at("/data/sprint/name")
			.asString()).isEqualTo("Guarded");
		// The burndown goes with the sprint: nobody outside the project reaches either.
		assertProblem(api().get("/api/v1/sprints/" + sprint + "/burndown", outsider.token()), 404, "sprint");
		assertThat(api()
			.graphql(outsider.token(), "query($p: ID!) { project(id: $p) { sprints { burndown { committed } } } }",
					Map.of("p", project))
			.json()
			.at("/data/project")
			.isNull()).isTrue();
		assertThat(api().get("/api/v1/sprints/" + sprint, lead.token()).json().path("version").asInt())
			.as("nothing changed")
			.isEqualTo(1);
	}

	/**
	 * Runs changes through the API, then dates what they recorded at {@code when}: the
	 * scenario's days, without waiting for them.
	 */
	private void at(String when, Runnable changes) {
		Set<UUID> before = new java.util.HashSet<>(owner.transaction(sql -> sql.select(TASK_HISTORY.ID)
			.from(TASK_HISTORY)
			.where(TASK_HISTORY.PROJECT_ID.eq(UUID.fromString(project)))
			.fetch(TASK_HISTORY.ID)));
		changes.run();
		owner.transaction(sql -> sql.update(TASK_HISTORY)
			.set(TASK_HISTORY.AT, Instant.parse(when))
			.where(TASK_HISTORY.PROJECT_ID.eq(UUID.fromString(project)))
			.and(before.isEmpty() ? DSL.trueCondition() : TASK_HISTORY.ID.notIn(before))
			.execute());
	}

}
