package dev.rampart.work;

import static dev.rampart.Answers.assertProblem;
import static dev.rampart.db.schema.Tables.TASKS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Answers;
import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Workflows over REST and GraphQL: every project starts with its organization's default
 * (the four statuses there always were); a project changes its statuses and transitions
 * whole; a status change must follow a transition, limited ones only for their roles, and
 * a refusal names what is allowed; a status in use goes only with a replacement,
 * restricted tasks included; stale revisions and broken documents are refused whole; the
 * change is recorded.
 */
class WorkflowIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	private TestUser lead;

	private TestUser contributor;

	private String org;

	private String project;

	@BeforeEach
	void aProjectWithAContributor() {
		ProjectTeam team = ProjectTeam.create(api(), "wf", "Workflows", "Releases");
		lead = team.lead();
		contributor = team.contributor();
		org = team.org();
		project = team.project();
	}

	private String workflow() {
		return "/api/v1/projects/" + project + "/workflow";
	}

	private String tasks() {
		return "/api/v1/projects/" + project + "/tasks";
	}

	private static Map<String, Object> status(String key, String name, String colour, String category) {
		return Map.of("key", key, "name", name, "colour", colour, "category", category);
	}

	private static Map<String, Object> transition(String from, String to, String... roles) {
		return Map.of("from", from, "to", to, "roles", List.of(roles));
	}

	/** To do, In progress, In review, Done; review to done only for managers. */
	private static Map<String, Object> releaseWorkflow(List<Map<String, Object>> replacements) {
		return Map.of("statuses", List.of(status("todo", "To do", "#6b7280", "todo"),
				status("in_progress", "Doing", "#D97706", "in_progress"),
				status("review", "In review", "#7c3aed", "in_progress"), status("done", "Done", "#16a34a", "done")),
				"transitions",
				List.of(transition("todo", "in_progress"), transition("in_progress", "review"),
						transition("review", "in_progress"), transition("review", "done", "manager"),
						transition("done", "todo")),
				"replacements", replacements);
	}

	private Api.Response move(TestUser who, String task, String status) {
		return api().call("PATCH", "/api/v1/tasks/" + task, who.token(), Map.of("status", status),
				Map.of("If-Match", "*"));
	}

	@Test
	void projectsStartWithTheFourStatusesAsTheirOrganizationsDefault() {
		Api.Response read = api().get(workflow(), contributor.token());
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
		JsonNode statuses = read.json().path("statuses");
		assertThat(statuses.findValuesAsString("key")).containsExactly("todo", "in_progress", "done", "cancelled");
		assertThat(statuses.findValuesAsString("category")).containsExactly("todo", "in_progress", "done", "done");
		assertThat(read.json().path("transitions")).as("every move between them").hasSize(12);
		assertThat(api().get("/api/v1/orgs/" + org + "/workflow", contributor.token()).json().path("statuses"))
			.hasSize(4);
		String task = api().create(tasks(), contributor.token(), Map.of("title", "Anything goes"));
		assertThat(api().get("/api/v1/tasks/" + task, contributor.token()).text("status")).isEqualTo("todo");
		assertThat(move(contributor, task, "done").status()).isEqualTo(200);
		assertThat(move(contributor, task, "cancelled").status()).isEqualTo(200);
		assertProblem(api().post(tasks(), contributor.token(), Map.of("title", "Odd", "status", "review")), 400,
				"must be a status of the project's workflow: todo, in_progress, done, cancelled");
		assertProblem(api().post(tasks(), contributor.token(), Map.of("title", "Odd", "status", "Review!")), 400,
				"status key");
	}

	@Test
	void aChangedWorkflowGovernsEveryStatusChangeAndNamesWhatIsAllowed() {
		String cancelled = api().create(tasks(), lead.token(), Map.of("title", "Dropped", "status", "cancelled"));
		String secret = api().create(tasks(), lead.token(),
				Map.of("title", "Embargoed", "status", "cancelled", "visibility", "restricted"));
		String task = api().create(tasks(), contributor.token(), Map.of("title", "Ship 2.0"));

		// Removing a status that tasks have needs a replacement: refused, nothing
		// changed.
		Api.Response refused = api().call("PUT", workflow(), lead.token(), releaseWorkflow(List.of()),
				Map.of("If-Match", "\"1\""));
		assertProblem(refused, 409, "statusesInUse");
		assertThat(refused.json().at("/statusesInUse/0/key").asString()).isEqualTo("cancelled");
		assertThat(refused.json().at("/statusesInUse/0/tasks").asInt()).as("the restricted task counts").isEqualTo(2);
		assertThat(api().get(workflow(), lead.token()).json().path("revision").asInt()).isEqualTo(1);

		Api.Response changed = api().call("PUT", workflow(), lead.token(),
				releaseWorkflow(List.of(Map.of("status", "cancelled", "replacement", "done"))),
				Map.of("If-Match", "\"1\""));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.headers().firstValue("ETag")).contains("\"2\"");
		assertThat(changed.json().at("/statuses/1/colour").asString()).as("colours kept in lower case")
			.isEqualTo("#d97706");
		assertThat(changed.json().at("/transitions").findValuesAsString("to")).contains("review");
		List<String> entry = Answers.entry(owner, changed);
		assertThat(entry).startsWith("workflow.update", "project", project);
		assertThat(entry.get(3)).contains("statuses added: review", "statuses removed: cancelled",
				"statuses changed: in_progress", "2 tasks moved to a replacement status");
		List<String> moved = owner.transaction(sql -> sql.select(TASKS.STATUS, TASKS.VERSION)
			.from(TASKS)
			.where(TASKS.ID.in(UUID.fromString(cancelled), UUID.fromString(secret)))
			.fetch()
			.map(r -> r.value1() + "@" + r.value2()));
		assertThat(moved).containsOnly("done@2");
		assertProblem(
				api().call("PUT", workflow(), lead.token(), releaseWorkflow(List.of()), Map.of("If-Match", "\"1\"")),
				412, null);

		// A move without a transition is refused with those allowed; the task stays.
		Api.Response skipped = move(contributor, task, "done");
		assertProblem(skipped, 409, "allowedTransitions");
		assertThat(skipped.json().path("type").asString()).endsWith("transition-refused");
		assertThat(skipped.json().path("detail").asString()).contains("from To do to Done",
				"allowed from To do: Doing");
		assertThat(skipped.json().at("/allowedTransitions/0/to").asString()).isEqualTo("in_progress");
		assertThat(api().get("/api/v1/tasks/" + task, contributor.token()).text("status")).isEqualTo("todo");

		assertThat(move(contributor, task, "in_progress").status()).isEqualTo(200);
		assertThat(move(contributor, task, "review").status()).isEqualTo(200);
		assertThat(api().get("/api/v1/tasks/" + task + "/transitions", contributor.token())
			.json()
			.findValuesAsString("key")).as("review to done is for managers").containsExactly("in_progress");
		Api.Response limited = move(contributor, task, "done");
		assertProblem(limited, 409, "limited to roles you do not hold");
		assertThat(api().get("/api/v1/tasks/" + task + "/transitions", lead.token()).json().findValuesAsString("key"))
			.containsExactly("in_progress", "done");

		// GraphQL: the same refusal, the same names, and each task's state from the
		// workflow.
		JsonNode graphQlRefusal = api()
			.graphql(contributor.token(),
					"mutation($t: ID!) { updateTask(id: $t, version: 99, input: {status: \"done\"}) { id } }",
					Map.of("t", task))
			.json()
			.at("/errors/0/extensions");
		assertThat(graphQlRefusal.path("code").asString()).isEqualTo("transition-refused");
		assertThat(graphQlRefusal.at("/allowedTransitions/0/to").asString()).isEqualTo("in_progress");
		assertThat(move(lead, task, "done").status()).isEqualTo(200);
		JsonNode board = api()
			.graphql(contributor.token(),
					"query($p: ID!) { project(id: $p) { workflow { revision statuses { key name category } "
							+ "transitions { from to roles } } tasks(first: 10) { nodes { title status "
							+ "state { name colour category } nextStatuses { key } } } } }",
					Map.of("p", project))
			.json()
			.at("/data/project");
		assertThat(board.at("/workflow/revision").asInt()).isEqualTo(2);
		assertThat(board.at("/workflow/transitions").valueStream().filter(t -> !t.path("roles").isEmpty()))
			.as("one limited transition")
			.hasSize(1);
		assertThat(board.at("/workflow/transitions/3/roles/0").asString()).isEqualTo("manager");
		JsonNode shipped = board.at("/tasks/nodes/0");
		assertThat(shipped.path("title").asString()).isEqualTo("Ship 2.0");
		assertThat(shipped.at("/state/name").asString()).isEqualTo("Done");
		assertThat(shipped.at("/state/category").asString()).isEqualTo("done");
		assertThat(shipped.path("nextStatuses").findValuesAsString("key")).containsExactly("todo");
	}

	@Test
	void aBrokenWorkflowIsRefusedWholeNamingEveryProblem() {
		Map<String, Object> broken = Map.of("statuses",
				List.of(status("todo", "To do", "#6b7280", "todo"), status("todo", "Again", "blue", "later"),
						Map.of("key", "Bad Key", "name", " ", "colour", "#ffffff", "category", "done")),
				"transitions", List.of(transition("todo", "nowhere"), transition("todo", "todo")));
		Api.Response refused = api().call("PUT", workflow(), lead.token(), broken, Map.of());
		assertProblem(refused, 400, "/statuses/1/key");
		assertThat(refused.json().path("errors").findValuesAsString("field")).containsExactly("/statuses/1/key",
				"/statuses/1/colour", "/statuses/1/category", "/statuses/2/key", "/statuses/2/name",
				"/transitions/0/to", "/transitions/1/to");
		Api.Response unknownRole = api().call("PUT", workflow(), lead.token(),
				Map.of("statuses",
						List.of(status("todo", "To do", "#6b7280", "todo"), status("done", "Done", "#16a34a", "done")),
						"transitions", List.of(transition("todo", "done", "auditor"))),
				Map.of());
		assertProblem(unknownRole, 400, "/transitions/0/roles/0");
		assertProblem(api().call("PUT", workflow(), lead.token(), Map.of("statuses", List.of()), Map.of()), 400,
				"/statuses");
		Api.Response lone = api().call("PUT", workflow(), lead.token(),
				"{\"statuses\": [{\"key\": \"todo\", \"name\": \"To do \\uD800\", \"colour\": \"#6b7280\", "
						+ "\"category\": \"todo\"}, {\"key\": \"done\", \"name\": \"Done\", \"colour\": \"#16a34a\", "
						+ "\"category\": \"done\"}], \"transitions\": [{\"from\": \"todo\", \"to\": \"done\", "
						+ "\"roles\": [\"\\uDC00\"]}]}",
				Map.of());
		assertProblem(lone, 400, "lone surrogate");
		assertProblem(
				api().call("PUT", workflow(), lead.token(), releaseWorkflow(List.of()), Map.of("If-Match", "three")),
				400, "If-Match");
		assertThat(api().get(workflow(), lead.token()).json().path("statuses")).as("nothing stored").hasSize(4);
	}

	@Test
	void theDefaultWorkflowIsForNewProjectsAndOnlyAdminsChangeIt() {
		String defaults = "/api/v1/orgs/" + org + "/workflow";
		assertProblem(api().call("PUT", defaults, contributor.token(), releaseWorkflow(List.of()), Map.of()), 403,
				null);
		assertProblem(api().call("PUT", workflow(), contributor.token(), releaseWorkflow(List.of()), Map.of()), 403,
				null);
		assertProblem(
				api().call("PUT", defaults, lead.token(),
						releaseWorkflow(List.of(Map.of("status", "cancelled", "replacement", "done"))), Map.of()),
				400, "/replacements");
		Api.Response changed = api().call("PUT", defaults, lead.token(), releaseWorkflow(List.of()), Map.of());
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(Answers.entry(owner, changed)).startsWith("workflow.update", "organization", org);
		assertThat(api().get(workflow(), lead.token()).json().path("statuses")).as("existing projects keep theirs")
			.hasSize(4);
		String next = api().create("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "Next"));
		JsonNode copied = api().get("/api/v1/projects/" + next + "/workflow", lead.token()).json();
		assertThat(copied.path("statuses").findValuesAsString("key")).containsExactly("todo", "in_progress", "review",
				"done");
		assertThat(copied.at("/transitions/3/roles/0").asString()).isEqualTo("manager");
		JsonNode viaGraphQl = api()
			.graphql(lead.token(),
					"mutation($o: ID!, $i: WorkflowInput!) { changeDefaultWorkflow(organizationId: $o, "
							+ "expectedRevision: 1, input: $i) { revision } }",
					Map.of("o", org, "i", releaseWorkflow(List.of())))
			.json();
		assertThat(viaGraphQl.at("/errors/0/extensions/code").asString()).as("revision 2 is current")
			.isEqualTo("stale-version");
	}

	@Test
	void aMoveLimitedToACustomRoleFollowsTheRoleToItsReplacementAndAGuestSeesTheStateOnly() {
		String reviewer = api().create("/api/v1/orgs/" + org + "/roles", lead.token(),
				Map.of("name", "Reviewer", "permissions", List.of("task.read", "task.update")));
		TestUser qa = api().newUser("wf-qa");
		api().create("/api/v1/orgs/" + org + "/members", lead.token(), Map.of("email", qa.email(), "role", "member"));
		api().create("/api/v1/projects/" + project + "/members", lead.token(),
				Map.of("email", qa.email(), "role", "Reviewer"));
		Api.Response changed = api().call("PUT", workflow(), lead.token(),
				Map.of("statuses",
						List.of(status("todo", "To do", "#6b7280", "todo"), status("done", "Done", "#16a34a", "done")),
						"transitions", List.of(transition("todo", "done", "Reviewer"), transition("done", "todo")),
						"replacements", List.of(Map.of("status", "in_progress", "replacement", "todo"),
								Map.of("status", "cancelled", "replacement", "done"))),
				Map.of());
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		String task = api().create(tasks(), lead.token(), Map.of("title", "Audit the release"));
		assertProblem(move(contributor, task, "done"), 409, "limited to roles you do not hold");
		assertThat(move(qa, task, "done").status()).isEqualTo(200);
		assertThat(move(contributor, task, "todo").status()).isEqualTo(200);

		// Deleting the role with a replacement moves the limit to the replacement; never
		// to anyone.
		assertThat(api()
			.call("DELETE", "/api/v1/orgs/" + org + "/roles/" + reviewer + "?replacement=contributor", lead.token(),
					null)
			.status()).isEqualTo(204);
		assertThat(api().get(workflow(), lead.token()).json().at("/transitions/0/roles").toString())
			.isEqualTo("[\"contributor\"]");
		assertThat(move(contributor, task, "done").status()).isEqualTo(200);

		// A guest with a viewer grant sees the task's state and is offered no move.
		TestUser guest = api().newUser("wf-guest");
		api().create("/api/v1/orgs/" + org + "/members", lead.token(), Map.of("email", guest.email(), "role", "guest"));
		api().create("/api/v1/tasks/" + task + "/grants", lead.token(),
				Map.of("email", guest.email(), "role", "viewer"));
		JsonNode seen = api()
			.graphql(guest.token(),
					"query($t: ID!) { task(id: $t) { status state { name category } nextStatuses { key } } }",
					Map.of("t", task))
			.json()
			.at("/data/task");
		assertThat(seen.at("/state/name").asString()).isEqualTo("Done");
		assertThat(seen.path("nextStatuses")).isEmpty();
		assertProblem(api().get(workflow(), guest.token()), 404, null);
		assertProblem(move(guest, task, "todo"), 403, null);
	}

}
