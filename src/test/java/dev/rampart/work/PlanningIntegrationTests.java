package dev.rampart.work;

import static dev.rampart.db.schema.Tables.LABELS;
import static dev.rampart.db.schema.Tables.MILESTONES;
import static dev.rampart.db.schema.Tables.PROJECTS;
import static org.assertj.core.api.Assertions.assertThat;

import static dev.rampart.Answers.assertProblem;

import dev.rampart.Answers;
import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Planning a project's work over REST and GraphQL: task keys (numbered, stable, looked
 * up, unique keys), start dates and estimates, milestones with progress, labels; who may
 * do what; bad input; names sealed at rest; changes recorded.
 */
class PlanningIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	private TestUser lead;

	private TestUser contributor;

	private TestUser stranger;

	private String org;

	private String project;

	@BeforeEach
	void aProjectWithAContributor() {
		lead = api().newUser("pl-lead");
		contributor = api().newUser("pl-contributor");
		stranger = api().newUser("pl-stranger");
		org = api().create("/api/v1/orgs", lead.token(), Map.of("name", "Planning"));
		api().create("/api/v1/orgs/" + org + "/members", lead.token(),
				Map.of("email", contributor.email(), "role", "member"));
		project = api().create("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "Web Site Relaunch"));
		api().create("/api/v1/projects/" + project + "/members", lead.token(),
				Map.of("email", contributor.email(), "role", "contributor"));
	}

	@Test
	void tasksAreNumberedAndKeyedAndFoundByKey() {
		assertThat(api().get("/api/v1/projects/" + project, lead.token()).text("key")).as("initials of the name")
			.isEqualTo("WSR");
		Api.Response first = api().post(tasks(), lead.token(), Map.of("title", "First"));
		Api.Response second = api().post(tasks(), contributor.token(), Map.of("title", "Second"));
		assertThat(first.json().path("number").asInt()).isEqualTo(1);
		assertThat(first.text("key")).isEqualTo("WSR-1");
		assertThat(second.text("key")).isEqualTo("WSR-2");

		// A deleted task's number is not given again.
		api().call("DELETE", "/api/v1/tasks/" + second.text("id"), lead.token(), null);
		assertThat(api().post(tasks(), lead.token(), Map.of("title", "Third")).text("key")).isEqualTo("WSR-3");

		Api.Response found = api().get("/api/v1/orgs/" + org + "/tasks/wsr-1", contributor.token());
		assertThat(found.status()).as(found.body()).isEqualTo(200);
		assertThat(found.text("id")).isEqualTo(first.text("id"));
		assertThat(api().get("/api/v1/orgs/" + org + "/tasks/WSR-2", lead.token()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/orgs/" + org + "/tasks/WSR-1", stranger.token()).status()).isEqualTo(404);
		String strangers = api().create("/api/v1/orgs", stranger.token(), Map.of("name", "Elsewhere"));
		assertThat(api().get("/api/v1/orgs/" + strangers + "/tasks/WSR-1", stranger.token()).status())
			.as("a key means nothing in another organization")
			.isEqualTo(404);

		Api.Response graphQl = api().graphql(contributor.token(),
				"query($o: ID!) { taskByKey(organizationId: $o, key: \"WSR-1\") { id number key project { key } } }",
				Map.of("o", org));
		assertThat(graphQl.json().at("/data/taskByKey/id").asString()).isEqualTo(first.text("id"));
		assertThat(graphQl.json().at("/data/taskByKey/project/key").asString()).isEqualTo("WSR");

		// A new key keeps every number.
		Api.Response renamed = api().call("PATCH", "/api/v1/projects/" + project, lead.token(), Map.of("key", "WEB"));
		assertThat(renamed.text("key")).isEqualTo("WEB");
		assertThat(api().get("/api/v1/tasks/" + first.text("id"), lead.token()).text("key")).isEqualTo("WEB-1");
		assertThat(api().get("/api/v1/orgs/" + org + "/tasks/WEB-1", lead.token()).text("id"))
			.isEqualTo(first.text("id"));
		assertThat(api().get("/api/v1/orgs/" + org + "/tasks/WSR-1", lead.token()).status()).isEqualTo(404);
	}

	@Test
	void projectKeysAreUniqueInTheOrganizationAndValid() {
		assertThat(api().post("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "Ops", "key", "WSR"))
			.status()).isEqualTo(409);
		Api.Response derived = api().post("/api/v1/orgs/" + org + "/projects", lead.token(),
				Map.of("name", "Web Site Redesign"));
		assertThat(derived.text("key")).as("a number makes a derived key unique").isEqualTo("WSR2");
		assertProblem(api().post("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "X", "key", "w")),
				400, "key");
		assertProblem(api().post("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "X", "key", "1ABC")),
				400, "key");
		assertProblem(api().call("PATCH", "/api/v1/projects/" + project, lead.token(), Map.of("key", "web-")), 400,
				"key");
		assertThat(api().call("PATCH", "/api/v1/projects/" + derived.text("id"), lead.token(), Map.of("key", "WSR"))
			.status()).isEqualTo(409);
		assertThat(
				api().call("PATCH", "/api/v1/projects/" + project, contributor.token(), Map.of("key", "MINE")).status())
			.isEqualTo(403);
		// Another organization may use the same key.
		String other = api().create("/api/v1/orgs", stranger.token(), Map.of("name", "Other"));
		assertThat(api()
			.post("/api/v1/orgs/" + other + "/projects", stranger.token(), Map.of("name", "Theirs", "key", "WSR"))
			.status()).isEqualTo(201);
		assertThat(ProjectKeys.fromName("Ärger im Büro")).isEqualTo("AIB");
		assertThat(ProjectKeys.fromName("Payroll")).isEqualTo("PAYR");
		assertThat(ProjectKeys.fromName("2026")).isEqualTo("PR");

		byte[] stored = owner.transaction(sql -> sql.select(PROJECTS.TASK_KEY)
			.from(PROJECTS)
			.where(PROJECTS.ID.eq(UUID.fromString(project)))
			.fetchSingle(PROJECTS.TASK_KEY));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("sealed at rest").doesNotContain("WSR");
	}

	@Test
	void startDatesAndEstimatesAreKeptInOrder() {
		Api.Response task = api().post(tasks(), lead.token(),
				Map.of("title", "Plan", "startDate", "2026-12-01", "dueDate", "2026-12-10", "estimateMinutes", 480));
		assertThat(task.status()).as(task.body()).isEqualTo(201);
		assertThat(task.text("startDate")).isEqualTo("2026-12-01");
		assertThat(task.json().path("estimateMinutes").asInt()).isEqualTo(480);
		String id = task.text("id");
		assertProblem(patch(id, Map.of("startDate", "2026-12-11")), 400, "startDate");
		assertProblem(patch(id, Map.of("dueDate", "2026-11-30")), 400, "startDate");
		assertProblem(patch(id, Map.of("estimateMinutes", -5)), 400, "estimateMinutes");
		assertProblem(patch(id, Map.of("estimateMinutes", "lots")), 400, "estimateMinutes");
		assertProblem(patch(id, Map.of("estimateMinutes", 1.5)), 400, "estimateMinutes");
		assertProblem(
				api().post(tasks(), lead.token(),
						Map.of("title", "Backwards", "startDate", "2026-12-02", "dueDate", "2026-12-01")),
				400, "startDate");
		Map<String, Object> both = new HashMap<>();
		both.put("startDate", "2026-12-12");
		both.put("dueDate", "2026-12-20");
		both.put("estimateMinutes", null);
		Api.Response moved = patch(id, both);
		assertThat(moved.status()).as(moved.body()).isEqualTo(200);
		assertThat(moved.text("startDate")).isEqualTo("2026-12-12");
		assertThat(moved.json().path("estimateMinutes").isNull()).isTrue();

		Api.Response graphQl = api().graphql(lead.token(),
				"mutation($p: ID!) { createTask(projectId: $p, input: { title: \"G\", startDate: \"2026-12-01\", "
						+ "estimateMinutes: 90 }) { startDate estimateMinutes key } }",
				Map.of("p", project));
		assertThat(graphQl.json().at("/data/createTask/estimateMinutes").asInt()).isEqualTo(90);
	}

	@Test
	void milestonesGatherTasksAndShowProgress() {
		String milestones = "/api/v1/projects/" + project + "/milestones";
		Api.Response beta = api().post(milestones, lead.token(), Map.of("name", "Beta", "dueDate", "2027-01-15"));
		assertThat(beta.status()).as(beta.body()).isEqualTo(201);
		String betaId = beta.text("id");
		assertThat(beta.text("state")).isEqualTo("open");
		String a = api().create(tasks(), lead.token(), Map.of("title", "A", "milestoneId", betaId));
		api().create(tasks(), contributor.token(), Map.of("title", "B", "milestoneId", betaId, "status", "done"));
		api().create(tasks(), lead.token(), Map.of("title", "C", "milestoneId", betaId, "status", "cancelled"));
		JsonNode listed = api().get(milestones, contributor.token()).json().at("/items/0");
		assertThat(listed.path("name").asString()).isEqualTo("Beta");
		assertThat(listed.path("taskCount").asInt()).isEqualTo(3);
		assertThat(listed.path("doneCount").asInt()).as("done and cancelled: the done category").isEqualTo(2);
		api().create(tasks(), lead.token(), Map.of("title", "Outside"));
		assertThat(api().get(tasks() + "?milestone=" + betaId, contributor.token()).json().path("items")).hasSize(3);
		assertThat(api()
			.graphql(contributor.token(),
					"query($p: ID!, $m: ID!) { project(id: $p) { tasks(milestoneId: $m) { nodes { title } } } }",
					Map.of("p", project, "m", betaId))
			.json()
			.at("/data/project/tasks/nodes")).hasSize(3);

		assertThat(api().post(milestones, contributor.token(), Map.of("name", "Mine")).status()).isEqualTo(403);
		assertThat(api().call("PATCH", "/api/v1/milestones/" + betaId, contributor.token(), Map.of("state", "closed"))
			.status()).isEqualTo(403);
		assertThat(api().get("/api/v1/milestones/" + betaId, stranger.token()).status()).isEqualTo(404);
		assertThat(api().get(milestones, stranger.token()).status()).isEqualTo(404);
		Map<String, Object> clear = new HashMap<>();
		clear.put("dueDate", null);
		clear.put("state", "closed");
		Api.Response closed = api().call("PATCH", "/api/v1/milestones/" + betaId, lead.token(), clear);
		assertThat(closed.text("state")).isEqualTo("closed");
		assertThat(closed.json().path("dueDate").isNull()).isTrue();
		assertProblem(api().call("PATCH", "/api/v1/milestones/" + betaId, lead.token(), Map.of("state", "gone")), 400,
				"state");
		assertProblem(api().call("PATCH", "/api/v1/milestones/" + betaId, lead.token(), Map.of("colour", "red")), 400,
				"colour");
		assertProblem(api().post(milestones, lead.token(), Map.of("name", " ")), 400, "name");

		// A milestone of another project is refused, and so is one that does not exist.
		String other = api().create("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "Other"));
		String foreign = api().create("/api/v1/projects/" + other + "/milestones", lead.token(),
				Map.of("name", "Theirs"));
		assertProblem(patch(a, Map.of("milestoneId", foreign)), 400, "milestoneId");
		assertProblem(patch(a, Map.of("milestoneId", UUID.randomUUID().toString())), 400, "milestoneId");

		Api.Response graphQl = api().graphql(contributor.token(),
				"query($p: ID!) { project(id: $p) { milestones { name state taskCount } "
						+ "tasks(first: 10, orderBy: oldest) { nodes { title milestone { name } } } } }",
				Map.of("p", project));
		assertThat(graphQl.json().at("/data/project/milestones/0/state").asString()).isEqualTo("closed");
		assertThat(graphQl.json().at("/data/project/tasks/nodes/0/milestone/name").asString()).isEqualTo("Beta");

		assertThat(api().call("DELETE", "/api/v1/milestones/" + betaId, lead.token(), null).status()).isEqualTo(204);
		Api.Response left = api().get("/api/v1/tasks/" + a, lead.token());
		assertThat(left.status()).isEqualTo(200);
		assertThat(left.json().path("milestoneId").isNull()).as("the task stays, without a milestone").isTrue();

		Api.Response made = api().graphql(lead.token(),
				"mutation($p: ID!) { createMilestone(projectId: $p, name: \"GA\", dueDate: \"2027-03-01\") { id } }",
				Map.of("p", project));
		String ga = made.json().at("/data/createMilestone/id").asString();
		Api.Response sealedCheck = api().get("/api/v1/milestones/" + ga, lead.token());
		assertThat(sealedCheck.text("name")).isEqualTo("GA");
		byte[] stored = owner.transaction(sql -> sql.select(MILESTONES.NAME)
			.from(MILESTONES)
			.where(MILESTONES.ID.eq(UUID.fromString(ga)))
			.fetchSingle(MILESTONES.NAME));
		assertThat(stored.length).as("sealed: far longer than two letters").isGreaterThan(20);
	}

	@Test
	void labelsAreTheOrganizationsAndGoOnTasks() {
		String labels = "/api/v1/orgs/" + org + "/labels";
		String marker = "Urgent" + UUID.randomUUID().toString().substring(0, 8);
		Api.Response urgent = api().post(labels, lead.token(), Map.of("name", marker, "colour", "#D1242F"));
		assertThat(urgent.status()).as(urgent.body()).isEqualTo(201);
		assertThat(urgent.text("colour")).isEqualTo("#d1242f");
		String backend = api().create(labels, lead.token(), Map.of("name", "Backend", "colour", "#1f6feb"));
		assertThat(api().post(labels, lead.token(), Map.of("name", "BACKEND", "colour", "#000000")).status())
			.as("names are unique in any case")
			.isEqualTo(409);
		assertProblem(api().post(labels, lead.token(), Map.of("name", "Red", "colour", "red")), 400, "colour");
		assertThat(api().post(labels, contributor.token(), Map.of("name", "Mine", "colour", "#000000")).status())
			.isEqualTo(403);
		assertThat(api().get(labels, contributor.token()).json().path("items")).hasSize(2);
		assertThat(api().get(labels, stranger.token()).status()).isEqualTo(404);

		String task = api().create(tasks(), contributor.token(),
				Map.of("title", "Labelled", "labelIds", List.of(urgent.text("id"), backend)));
		assertThat(api().get("/api/v1/tasks/" + task, lead.token()).json().path("labelIds")).hasSize(2);
		api().create(tasks(), contributor.token(), Map.of("title", "Unlabelled"));
		assertThat(api().get(tasks() + "?label=" + backend, contributor.token()).json().path("items")).hasSize(1);
		assertThat(api()
			.graphql(contributor.token(),
					"query($p: ID!, $l: ID!) { project(id: $p) { tasks(labelId: $l) { nodes { title } } } }",
					Map.of("p", project, "l", backend))
			.json()
			.at("/data/project/tasks/nodes")).hasSize(1);
		assertProblem(api().get(tasks() + "?label=Backend", contributor.token()), 400, "label");
		String strangers = api().create("/api/v1/orgs", stranger.token(), Map.of("name", "Elsewhere"));
		String foreign = api().create("/api/v1/orgs/" + strangers + "/labels", stranger.token(),
				Map.of("name", "Theirs", "colour", "#000000"));
		assertProblem(patch(task, Map.of("labelIds", List.of(foreign))), 400, "labelIds");
		assertProblem(patch(task, Map.of("labelIds", "Backend")), 400, "labelIds");
		Api.Response relabelled = api().call("PATCH", "/api/v1/tasks/" + task, contributor.token(),
				Map.of("labelIds", List.of(backend)), Map.of("If-Match", "*"));
		assertThat(relabelled.json().path("labelIds")).hasSize(1);

		Api.Response graphQl = api().graphql(contributor.token(),
				"query($t: ID!, $o: ID!) { task(id: $t) { labels { name colour } } "
						+ "organization(id: $o) { labels { name } } }",
				Map.of("t", task, "o", org));
		assertThat(graphQl.json().at("/data/task/labels/0/name").asString()).isEqualTo("Backend");
		assertThat(graphQl.json().at("/data/organization/labels")).hasSize(2);

		Api.Response renamed = api().call("PATCH", labels + "/" + backend, lead.token(), Map.of("name", "Server"));
		assertThat(renamed.text("name")).isEqualTo("Server");
		assertThat(entry(renamed)).containsExactly("label.update", "label", backend, "changed: name");
		assertThat(api().call("DELETE", labels + "/" + backend, lead.token(), null).status()).isEqualTo(204);
		assertThat(api().get("/api/v1/tasks/" + task, lead.token()).json().path("labelIds")).isEmpty();

		byte[] stored = owner.transaction(sql -> sql.select(LABELS.NAME)
			.from(LABELS)
			.where(LABELS.ID.eq(UUID.fromString(urgent.text("id"))))
			.fetchSingle(LABELS.NAME));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("sealed at rest").doesNotContain(marker);
	}

	@Test
	void graphQlRefusesPlanningChangesToThoseWithoutTheRight() {
		String milestone = api().create("/api/v1/projects/" + project + "/milestones", lead.token(),
				Map.of("name", "Beta"));
		String label = api().create("/api/v1/orgs/" + org + "/labels", lead.token(),
				Map.of("name", "Ops", "colour", "#000000"));
		Map<String, Object> vars = Map.of("p", project, "o", org, "m", milestone, "l", label);
		for (String mutation : List.of("mutation($p: ID!) { createMilestone(projectId: $p, name: \"X\") { id } }",
				"mutation($m: ID!) { updateMilestone(id: $m, input: { state: closed }) { id } }",
				"mutation($m: ID!) { deleteMilestone(id: $m) }",
				"mutation($o: ID!) { createLabel(organizationId: $o, name: \"X\", colour: \"#000000\") { id } }",
				"mutation($o: ID!, $l: ID!) { updateLabel(organizationId: $o, id: $l, name: \"Y\") { id } }",
				"mutation($o: ID!, $l: ID!) { deleteLabel(organizationId: $o, id: $l) }",
				"mutation($p: ID!) { updateProject(id: $p, key: \"MINE\") { id } }")) {
			Map<String, Object> used = new HashMap<>();
			vars.forEach((name, value) -> {
				if (mutation.contains("$" + name + ":")) {
					used.put(name, value);
				}
			});
			Api.Response refused = api().graphql(contributor.token(), mutation, used);
			assertThat(refused.json().at("/errors/0/extensions/classification").asString()).as(mutation)
				.isEqualTo("FORBIDDEN");
			Api.Response hidden = api().graphql(stranger.token(), mutation, used);
			assertThat(hidden.json().at("/errors/0/extensions/classification").asString()).as(mutation)
				.isEqualTo("NOT_FOUND");
		}
		assertThat(api().get("/api/v1/milestones/" + milestone, lead.token()).text("state")).isEqualTo("open");
		assertThat(api().get("/api/v1/orgs/" + org + "/labels", lead.token()).json().at("/items/0/name").asString())
			.isEqualTo("Ops");
	}

	@Test
	void aTaskSharedByAGrantShowsNoProjectKey() {
		TestUser guest = api().newUser("pl-guest");
		api().create("/api/v1/orgs/" + org + "/members", lead.token(), Map.of("email", guest.email(), "role", "guest"));
		Api.Response task = api().post(tasks(), lead.token(), Map.of("title", "Shared"));
		api().create("/api/v1/tasks/" + task.text("id") + "/grants", lead.token(),
				Map.of("email", guest.email(), "role", "viewer"));
		Api.Response seen = api().get("/api/v1/tasks/" + task.text("id"), guest.token());
		assertThat(seen.status()).isEqualTo(200);
		assertThat(seen.json().path("number").asInt()).isEqualTo(1);
		assertThat(seen.json().path("key").isNull()).as("the key is the project's, which the guest cannot see")
			.isTrue();
		assertThat(api().get("/api/v1/orgs/" + org + "/tasks/" + task.text("key"), guest.token()).status())
			.isEqualTo(404);
	}

	@Test
	void theTimelineReadsDatesAndDependenciesInOneRequest() {
		String first = api().create(tasks(), lead.token(),
				Map.of("title", "Design", "startDate", "2026-12-01", "dueDate", "2026-12-04"));
		String second = api().create(tasks(), lead.token(), Map.of("title", "Build", "dueDate", "2026-12-10"));
		assertThat(api().post("/api/v1/tasks/" + second + "/dependencies", lead.token(), Map.of("blockerId", first))
			.status()).isEqualTo(201);
		Api.Response timeline = api().graphql(contributor.token(),
				"query($id: ID!) { project(id: $id) { id name key organization { id name } "
						+ "tasks(first: 100, orderBy: due_date) { nodes { id key title status startDate dueDate "
						+ "blockedBy { id } } } } }",
				Map.of("id", project));
		assertThat(timeline.json().path("errors").isMissingNode()).as(timeline.body()).isTrue();
		assertThat(timeline.json().at("/data/project/tasks/nodes/1/blockedBy/0/id").asString()).isEqualTo(first);
	}

	@Test
	void twoRequestsForOneNameOrKeyAtOnceGetOneSuccessAndOneConflict() throws Exception {
		var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 8; round++) {
				String name = "Race " + round;
				String key = "RACE" + round;
				List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
				for (int i = 0; i < 2; i++) {
					answers.add(
							pool.submit(() -> api()
								.post("/api/v1/orgs/" + org + "/labels", lead.token(),
										Map.of("name", name, "colour", "#000000"))
								.status()));
					answers.add(pool.submit(() -> api()
						.post("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "P", "key", key))
						.status()));
				}
				List<Integer> statuses = new java.util.ArrayList<>();
				for (var answer : answers) {
					statuses.add(answer.get());
				}
				assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(201, 409, 201, 409);
			}
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void tooManyLabelsOnATaskAreRefused() {
		String labels = "/api/v1/orgs/" + org + "/labels";
		List<String> many = new java.util.ArrayList<>();
		for (int i = 0; i < 21; i++) {
			many.add(api().create(labels, lead.token(), Map.of("name", "L" + i, "colour", "#000000")));
		}
		assertProblem(api().post(tasks(), lead.token(), Map.of("title", "Crowded", "labelIds", many)), 400, "labelIds");
		assertThat(api().post(tasks(), lead.token(), Map.of("title", "Fine", "labelIds", many.subList(0, 20))).status())
			.isEqualTo(201);
	}

	private String tasks() {
		return "/api/v1/projects/" + project + "/tasks";
	}

	private Api.Response patch(String task, Map<String, ?> body) {
		return api().call("PATCH", "/api/v1/tasks/" + task, lead.token(), body, Map.of("If-Match", "*"));
	}

	private List<String> entry(Api.Response response) {
		return Answers.entry(owner, response);
	}

}
