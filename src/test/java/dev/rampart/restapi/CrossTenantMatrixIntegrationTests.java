package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every REST operation, tried by every role on its own organization's resources and on a
 * foreign organization's, against the expected answers in {@code access-matrix.md}. Each
 * case that changes or deletes something gets a fresh target, so cases stay independent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossTenantMatrixIntegrationTests extends IntegrationTest {

	private static final List<String> ACTORS = List.of("owner", "admin", "member", "manager", "contributor", "viewer",
			"guest", "guest_np", "outsider");

	private final Map<String, TestUser> users = new ConcurrentHashMap<>();

	private Side a;

	private Side b;

	/** One organization with what the cases need. */
	record Side(TestUser owner, String org, String project, String task, TestUser orgTarget, TestUser projectTarget,
			TestUser projectCandidate) {
	}

	@BeforeAll
	void createTenants() {
		Api api = api();
		List.of("owner", "admin", "member", "manager", "contributor", "viewer", "guest", "guest_np", "outsider",
				"a_target", "a_pm", "spare", "b_target", "b_pm", "b_candidate")
			.parallelStream()
			.forEach(name -> users.put(name, api.newUser(name)));
		TestUser owner = users.get("owner");
		String orgA = api.create("/api/v1/orgs", owner.token(), Map.of("name", "Organization A"));
		addOrgMembers(orgA, owner,
				Map.of("admin", "admin", "member", "member", "manager", "member", "contributor", "member", "viewer",
						"member", "guest", "guest", "guest_np", "guest", "a_target", "member", "a_pm", "member"));
		String projectA = newProject(owner, orgA);
		addProjectMember(owner, projectA, "a_pm", "viewer");
		String taskA = api.create("/api/v1/projects/" + projectA + "/tasks", owner.token(), Map.of("title", "Task A"));
		a = new Side(owner, orgA, projectA, taskA, users.get("a_target"), users.get("a_pm"), users.get("member"));

		TestUser outsider = users.get("outsider");
		String orgB = api.create("/api/v1/orgs", outsider.token(), Map.of("name", "Organization B"));
		addOrgMembers(orgB, outsider, Map.of("b_target", "member", "b_pm", "member", "b_candidate", "member"));
		String projectB = api.create("/api/v1/orgs/" + orgB + "/projects", outsider.token(),
				Map.of("name", "Project B"));
		addProjectMember(outsider, projectB, "b_pm", "viewer");
		String taskB = api.create("/api/v1/projects/" + projectB + "/tasks", outsider.token(),
				Map.of("title", "Task B"));
		b = new Side(outsider, orgB, projectB, taskB, users.get("b_target"), users.get("b_pm"),
				users.get("b_candidate"));
	}

	@TestFactory
	Stream<DynamicTest> everyOperationByEveryRoleOnOwnAndForeignResources() throws IOException {
		List<DynamicTest> cases = new ArrayList<>();
		for (Map.Entry<String, Map<String, Integer>> row : expectedTable().entrySet()) {
			String operation = row.getKey();
			for (String actor : ACTORS) {
				int expected = row.getValue().get(actor);
				cases.add(DynamicTest.dynamicTest(actor + " on own tenant: " + operation + " -> " + expected,
						() -> assertAnswer(operation, actor, a, expected)));
				if (operation.contains("{") && !actor.equals("outsider")) {
					cases.add(DynamicTest.dynamicTest(actor + " on foreign tenant: " + operation + " -> 404",
							() -> assertAnswer(operation, actor, b, 404)));
				}
			}
		}
		System.out.println("Access matrix: " + cases.size() + " cases");
		return cases.stream();
	}

	private void assertAnswer(String operation, String actor, Side side, int expected) {
		String method = operation.substring(0, operation.indexOf(' '));
		String template = operation.substring(operation.indexOf(' ') + 1);
		Map<String, String> targets = targets(operation, side);
		String path = "/api/v1" + template;
		for (Map.Entry<String, String> target : targets.entrySet()) {
			path = path.replace("{" + target.getKey() + "}", target.getValue());
		}
		Map<String, String> headers = operation.equals("PATCH /tasks/{task}") ? Map.of("If-Match", "\"1\"") : Map.of();
		Api.Response response = operation.startsWith("POST /orgs/{org}/imports")
				? api().upload(path, users.get(actor).token(), "export.csv", "text/csv",
						"Summary,Status\nA task,To Do\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
				: api().call(method, path, users.get(actor).token(), body(operation, side), headers);
		assertThat(response.status()).as("%s %s by %s: %s", method, path, actor, response.body()).isEqualTo(expected);
		if (expected >= 400) {
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(response.body()).doesNotContain("Exception", "SQL", "at dev.rampart");
		}
		cleanUp(operation, side);
	}

	/** Fresh or shared targets for the placeholders of one case. */
	private Map<String, String> targets(String operation, Side side) {
		Api api = api();
		Map<String, String> t = new LinkedHashMap<>();
		t.put("org", operation.equals("DELETE /orgs/{org}") ? throwawayOrg(side) : side.org());
		t.put("project", operation.equals("DELETE /projects/{project}") ? throwawayProject(side) : side.project());
		if (operation.contains("{member}")) {
			api.post("/api/v1/orgs/" + side.org() + "/members", side.owner().token(),
					Map.of("email", side.orgTarget().email(), "role", "member"));
			t.put("member", side.orgTarget().id());
		}
		if (operation.contains("{pm}")) {
			api.post("/api/v1/orgs/" + side.org() + "/members", side.owner().token(),
					Map.of("email", side.projectTarget().email(), "role", "member"));
			api.post("/api/v1/projects/" + side.project() + "/members", side.owner().token(),
					Map.of("email", side.projectTarget().email(), "role", "viewer"));
			t.put("pm", side.projectTarget().id());
		}
		boolean freshTask = operation.equals("DELETE /tasks/{task}") || operation.equals("PATCH /tasks/{task}");
		t.put("task", freshTask ? api.create("/api/v1/projects/" + side.project() + "/tasks", side.owner().token(),
				Map.of("title", "Fresh task")) : side.task());
		if (operation.contains("{item}")) {
			t.put("item", api.create("/api/v1/tasks/" + side.task() + "/checklist", side.owner().token(),
					Map.of("text", "An item")));
		}
		if (operation.contains("{blocker}")) {
			String blocker = api.create("/api/v1/projects/" + side.project() + "/tasks", side.owner().token(),
					Map.of("title", "Blocker"));
			assertThat(api
				.post("/api/v1/tasks/" + side.task() + "/dependencies", side.owner().token(),
						Map.of("blockerId", blocker))
				.status()).isEqualTo(201);
			t.put("blocker", blocker);
		}
		if (operation.contains("{label}")) {
			t.put("label", api.create("/api/v1/orgs/" + side.org() + "/labels", side.owner().token(),
					Map.of("name", "Label " + UUID.randomUUID(), "colour", "#000000")));
		}
		if (operation.contains("{milestone}")) {
			t.put("milestone", api.create("/api/v1/projects/" + side.project() + "/milestones", side.owner().token(),
					Map.of("name", "A milestone")));
		}
		if (operation.contains("{sprint}")) {
			t.put("sprint", sprintFor(operation, side));
		}
		if (operation.contains("{template}") || operation.endsWith("/from-template")) {
			t.put("template", templateWithADraft(side));
		}
		if (operation.contains("{key}")) {
			t.put("key", api.get("/api/v1/tasks/" + side.task(), side.owner().token()).text("key"));
		}
		if (operation.contains("{webhook}")) {
			t.put("webhook", operation.startsWith("DELETE") ? webhookOf(side)
					: sharedWebhooks.computeIfAbsent(side.org(), o -> webhookOf(side)));
		}
		if (operation.contains("{biuser}")) {
			t.put("biuser", UUID.randomUUID().toString());
		}
		if (operation.contains("{notification}")) {
			t.put("notification", notificationOf(side));
		}
		if (operation.contains("{comment}")) {
			t.put("comment", api.create("/api/v1/tasks/" + side.task() + "/comments", side.owner().token(),
					Map.of("body", "A comment")));
		}
		return t;
	}

	@org.springframework.beans.factory.annotation.Autowired
	dev.rampart.db.OwnerDatabase ownerDatabase;

	private final Map<String, String> sharedWebhooks = new ConcurrentHashMap<>();

	private String webhookOf(Side side) {
		return api().create("/api/v1/orgs/" + side.org() + "/webhooks", side.owner().token(),
				Map.of("url", RECEIVER.url("/matrix"), "events", java.util.List.of("task.created")));
	}

	/** A notification of the side's owner (as the system writes one). */
	private String notificationOf(Side side) {
		UUID id = UUID.randomUUID();
		ownerDatabase.transaction(sql -> sql.insertInto(dev.rampart.db.schema.Tables.NOTIFICATIONS)
			.set(dev.rampart.db.schema.Tables.NOTIFICATIONS.ID, id)
			.set(dev.rampart.db.schema.Tables.NOTIFICATIONS.USER_ID, UUID.fromString(side.owner().id()))
			.set(dev.rampart.db.schema.Tables.NOTIFICATIONS.ORG_ID, UUID.fromString(side.org()))
			.set(dev.rampart.db.schema.Tables.NOTIFICATIONS.KIND, "project_added")
			.set(dev.rampart.db.schema.Tables.NOTIFICATIONS.PROJECT_ID, UUID.fromString(side.project()))
			.set(dev.rampart.db.schema.Tables.NOTIFICATIONS.CREATED_AT, java.time.Instant.now())
			.execute());
		return id.toString();
	}

	private Object body(String operation, Side side) {
		return switch (operation) {
			case "POST /orgs", "PATCH /orgs/{org}", "POST /orgs/{org}/projects", "PATCH /projects/{project}" ->
				Map.of("name", "Renamed or new");
			case "POST /orgs/{org}/members" -> Map.of("email", users.get("spare").email(), "role", "member");
			case "PATCH /orgs/{org}/members/{member}" -> Map.of("role", "member");
			case "POST /projects/{project}/members" ->
				Map.of("email", side.projectCandidate().email(), "role", "viewer");
			case "PATCH /projects/{project}/members/{pm}" -> Map.of("role", "viewer");
			case "POST /projects/{project}/tasks" -> Map.of("title", "New task");
			case "PATCH /tasks/{task}" -> Map.of("title", "Changed");
			case "POST /tasks/{task}/comments" -> Map.of("body", "New comment");
			case "POST /tasks/{task}/checklist" -> Map.of("text", "New item");
			case "POST /orgs/{org}/labels" -> Map.of("name", "Label " + UUID.randomUUID(), "colour", "#1f6feb");
			case "PATCH /orgs/{org}/labels/{label}" -> Map.of("colour", "#d1242f");
			case "POST /projects/{project}/milestones" -> Map.of("name", "New milestone");
			case "PATCH /milestones/{milestone}" -> Map.of("state", "closed");
			case "POST /projects/{project}/sprints" ->
				Map.of("name", "New sprint", "startDate", "2026-12-01", "endDate", "2026-12-14");
			case "PATCH /sprints/{sprint}" -> Map.of("goal", "A new goal");
			case "POST /sprints/{sprint}/close", "POST /tasks/{task}/move" -> Map.of();
			case "PUT /tasks/{task}/watching" -> Map.of("watching", true);
			case "PUT /me/notification-mail" -> Map.of("email", "daily");
			case "POST /orgs/{org}/webhooks" ->
				Map.of("url", RECEIVER.url("/matrix"), "events", java.util.List.of("task.created"));
			case "PATCH /orgs/{org}/webhooks/{webhook}" ->
				Map.of("events", java.util.List.of("task.created", "task.updated"));
			case "PUT /orgs/{org}/bi" -> Map.of("content", false, "restricted", false);
			case "POST /orgs/{org}/bi/users" ->
				Map.of("label", "Power BI", "allowedNetworks", java.util.List.of("203.0.113.0/24"));
			case "POST /orgs/{org}/templates", "PUT /templates/{template}/draft" -> template();
			case "PUT /projects/{project}/workflow", "PUT /orgs/{org}/workflow" ->
				dev.rampart.DefaultWorkflow.fourStatuses();
			case "POST /orgs/{org}/projects/from-template" ->
				Map.of("templateId", lastTemplate, "version", 1, "name", "From a template", "startDate", "2026-12-07");
			case "PATCH /tasks/{task}/checklist/{item}" -> Map.of("done", true);
			case "POST /tasks/{task}/dependencies" ->
				Map.of("blockerId", api().create("/api/v1/projects/" + side.project() + "/tasks", side.owner().token(),
						Map.of("title", "Blocker")));
			default -> null;
		};
	}

	private String lastTemplate = "";

	/**
	 * A sprint for one case: the project's active one for a close (started if there is
	 * none), otherwise a fresh planned one (after closing an active one, so a start can
	 * succeed).
	 */
	private String sprintFor(String operation, Side side) {
		Api api = api();
		String sprints = "/api/v1/projects/" + side.project() + "/sprints";
		String active = null;
		for (var sprint : api.get(sprints, side.owner().token()).json().path("items")) {
			if (sprint.path("state").asString().equals("active")) {
				active = sprint.path("id").asString();
			}
		}
		boolean close = operation.equals("POST /sprints/{sprint}/close");
		if (close && active != null) {
			return active;
		}
		if (!close && active != null) {
			assertThat(api.post("/api/v1/sprints/" + active + "/close", side.owner().token(), Map.of()).status())
				.isEqualTo(200);
		}
		String fresh = api.create(sprints, side.owner().token(),
				Map.of("name", "A sprint", "startDate", "2026-12-01", "endDate", "2026-12-14"));
		if (close) {
			assertThat(api.post("/api/v1/sprints/" + fresh + "/start", side.owner().token(), null).status())
				.isEqualTo(200);
		}
		return fresh;
	}

	private static Map<String, Object> template() {
		return Map.of("format", "rampart.process-template/1", "name", "Matrix template " + UUID.randomUUID(), "phases",
				List.of(Map.of("name", "Phase", "steps", List.of(Map.of("key", "a", "title", "A")))));
	}

	/** A template of the side's organization: version 1 published, version 2 a draft. */
	private String templateWithADraft(Side side) {
		String template = api().create("/api/v1/orgs/" + side.org() + "/templates", side.owner().token(), template());
		assertThat(api().post("/api/v1/templates/" + template + "/publish", side.owner().token(), null).status())
			.isEqualTo(200);
		assertThat(api().call("PUT", "/api/v1/templates/" + template + "/draft", side.owner().token(), template())
			.status()).isEqualTo(200);
		lastTemplate = template;
		return template;
	}

	/** Undoes additions so the next case starts from the same memberships. */
	private void cleanUp(String operation, Side side) {
		if (operation.equals("POST /orgs/{org}/members")) {
			api().call("DELETE", "/api/v1/orgs/" + side.org() + "/members/" + users.get("spare").id(),
					side.owner().token(), null);
		}
		if (operation.equals("POST /projects/{project}/members")) {
			api().call("DELETE", "/api/v1/projects/" + side.project() + "/members/" + side.projectCandidate().id(),
					side.owner().token(), null);
		}
	}

	private String throwawayOrg(Side side) {
		String org = api().create("/api/v1/orgs", side.owner().token(), Map.of("name", "Throwaway"));
		if (side == a) {
			addOrgMembers(org, side.owner(), Map.of("admin", "admin", "member", "member", "manager", "member",
					"contributor", "member", "viewer", "member", "guest", "guest", "guest_np", "guest"));
		}
		return org;
	}

	/** A project to delete: archived, since only archived projects can be. */
	private String throwawayProject(Side side) {
		String project = side == a ? newProject(side.owner(), side.org()) : api()
			.create("/api/v1/orgs/" + side.org() + "/projects", side.owner().token(), Map.of("name", "Throwaway"));
		assertThat(api().post("/api/v1/projects/" + project + "/archive", side.owner().token(), null).status())
			.isEqualTo(200);
		return project;
	}

	private String newProject(TestUser owner, String org) {
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "Project A"));
		addProjectMember(owner, project, "manager", "manager");
		addProjectMember(owner, project, "contributor", "contributor");
		addProjectMember(owner, project, "viewer", "viewer");
		addProjectMember(owner, project, "guest", "viewer");
		return project;
	}

	private void addOrgMembers(String org, TestUser owner, Map<String, String> roles) {
		roles.forEach((user, role) -> api().create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", users.get(user).email(), "role", role)));
	}

	private void addProjectMember(TestUser owner, String project, String user, String role) {
		api().create("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("email", users.get(user).email(), "role", role));
	}

	/** Parses the markdown table: operation -> actor -> expected status. */
	static Map<String, Map<String, Integer>> expectedTable() throws IOException {
		Map<String, Map<String, Integer>> table = new LinkedHashMap<>();
		try (InputStream in = Objects
			.requireNonNull(CrossTenantMatrixIntegrationTests.class.getResourceAsStream("access-matrix.md"))) {
			List<String> header = null;
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.startsWith("|") || line.startsWith("|--")) {
					continue;
				}
				String[] cells = line.substring(1).split("\\|");
				if (header == null) {
					header = Stream.of(cells).map(String::strip).toList();
					continue;
				}
				Map<String, Integer> row = new LinkedHashMap<>();
				for (int i = 1; i < cells.length; i++) {
					row.put(header.get(i), Integer.parseInt(cells[i].strip()));
				}
				table.put(cells[0].strip(), row);
			}
		}
		assertThat(table).hasSizeGreaterThan(20);
		return table;
	}

}
