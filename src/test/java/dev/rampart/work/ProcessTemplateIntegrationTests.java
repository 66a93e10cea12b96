package dev.rampart.work;

import static dev.rampart.Answers.assertProblem;
import static dev.rampart.db.schema.Tables.PROCESS_TEMPLATES;
import static dev.rampart.db.schema.Tables.PROCESS_TEMPLATE_VERSIONS;
import static dev.rampart.db.schema.Tables.PROJECTS;
import static dev.rampart.db.schema.Tables.TASKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Answers;
import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Process templates over REST and GraphQL: import checked against the published schema
 * with every problem named by its JSON Pointer, drafts and frozen published versions,
 * export, starting a project from a version in one transaction, who may do what, sealed
 * at rest, recorded.
 */
class ProcessTemplateIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	javax.sql.DataSource appDataSource;

	private TestUser admin;

	private TestUser member;

	private TestUser guest;

	private TestUser stranger;

	private String org;

	@BeforeEach
	void anOrganization() {
		admin = api().newUser("tpl-admin");
		member = api().newUser("tpl-member");
		guest = api().newUser("tpl-guest");
		stranger = api().newUser("tpl-stranger");
		org = api().create("/api/v1/orgs", admin.token(), Map.of("name", "Templates Inc"));
		api().create("/api/v1/orgs/" + org + "/members", admin.token(),
				Map.of("email", member.email(), "role", "member"));
		api().create("/api/v1/orgs/" + org + "/members", admin.token(),
				Map.of("email", guest.email(), "role", "guest"));
	}

	static Map<String, Object> onboarding() {
		Map<String, Object> contract = new HashMap<>(Map.of("key", "contract", "title", "Sign the contract",
				"instructions", "Send the **contract** to the customer.", "checklist",
				List.of("Prepare the contract", "Send it", "Receive the signature"), "role", "manager",
				"estimateMinutes", 60, "due", Map.of("workingDays", 2)));
		Map<String, Object> kickoff = Map.of("key", "kickoff", "title", "Kick-off meeting", "role", "contributor",
				"dependsOn", List.of("contract"), "due", Map.of("workingDays", 3, "after", "dependencies"));
		Map<String, Object> accounts = Map.of("key", "accounts", "title", "Create the accounts", "dependsOn",
				List.of("kickoff"), "due", Map.of("workingDays", 1, "after", "dependencies"));
		Map<String, Object> review = Map.of("key", "review", "title", "First review", "dependsOn",
				List.of("kickoff", "accounts"));
		return Map.of("format", "rampart.process-template/1", "name", "Customer onboarding", "description",
				"How we bring a customer on board.", "phases",
				List.of(Map.of("name", "Start", "steps", List.of(contract, kickoff)),
						Map.of("name", "Set-up", "steps", List.of(accounts, review))));
	}

	private int count(org.jooq.Table<?> table, org.jooq.Condition where) {
		Integer n = owner.transaction(sql -> sql.fetchCount(table, where));
		return n;
	}

	private Api.Response importTemplate(TestUser who, Object document) {
		return api().post("/api/v1/orgs/" + org + "/templates", who.token(), document);
	}

	private String publishedOnboarding() {
		Api.Response created = importTemplate(admin, onboarding());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.text("id");
		Api.Response published = api().post("/api/v1/templates/" + id + "/publish", admin.token(), null);
		assertThat(published.status()).as(published.body()).isEqualTo(200);
		return id;
	}

	@Test
	void aTemplateIsImportedAsADraftPublishedFrozenAndExported() {
		Api.Response created = importTemplate(admin, onboarding());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(Answers.entry(owner, created)).startsWith("template.create", "template");
		String id = created.text("id");
		assertThat(created.text("name")).isEqualTo("Customer onboarding");
		assertThat(created.json().at("/versions/0/state").asString()).isEqualTo("draft");
		assertThat(created.json().at("/versions/0/stepCount").asInt()).isEqualTo(4);

		Api.Response draft = api().get("/api/v1/templates/" + id + "/versions/1", member.token());
		assertThat(draft.status()).as(draft.body()).isEqualTo(200);
		assertThat(draft.headers().firstValue("ETag")).contains("\"1\"");
		assertThat(draft.json().at("/document/phases/0/steps/0/checklist/2").asString())
			.isEqualTo("Receive the signature");

		// Saving with a stale revision is refused; with the current one it passes.
		Map<String, Object> renamed = new HashMap<>(onboarding());
		renamed.put("name", "Customer onboarding (EU)");
		Api.Response stale = api().call("PUT", "/api/v1/templates/" + id + "/draft", admin.token(), renamed,
				Map.of("If-Match", "\"7\""));
		assertProblem(stale, 412, null);
		Api.Response saved = api().call("PUT", "/api/v1/templates/" + id + "/draft", admin.token(), renamed,
				Map.of("If-Match", "\"1\""));
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.json().path("revision").asInt()).isEqualTo(2);
		List<String> savedEntry = Answers.entry(owner, saved);
		assertThat(savedEntry).startsWith("template.update", "template");
		assertThat(savedEntry.get(3)).as("what changed, no content").isEqualTo("draft saved: name");

		Api.Response published = api().call("POST", "/api/v1/templates/" + id + "/publish", admin.token(), null,
				Map.of("If-Match", "\"2\""));
		assertThat(published.status()).as(published.body()).isEqualTo(200);
		assertThat(published.text("state")).isEqualTo("published");
		assertThat(Answers.entry(owner, published)).startsWith("template.publish", "template");
		assertThat(api().post("/api/v1/templates/" + id + "/publish", admin.token(), null).status())
			.as("nothing left to publish")
			.isEqualTo(409);

		// The next save starts version 2; version 1 stays as it was.
		Map<String, Object> second = new HashMap<>(onboarding());
		second.put("name", "Customer onboarding v2");
		Api.Response next = api().call("PUT", "/api/v1/templates/" + id + "/draft", admin.token(), second);
		assertThat(next.json().path("number").asInt()).isEqualTo(2);
		assertThat(api().get("/api/v1/templates/" + id + "/versions/1", admin.token())
			.json()
			.at("/document/name")
			.asString()).isEqualTo("Customer onboarding (EU)");
		assertThat(api().get("/api/v1/templates/" + id, admin.token()).text("name"))
			.isEqualTo("Customer onboarding v2");

		// Discarding the draft goes back to the published name.
		Api.Response discarded = api().call("DELETE", "/api/v1/templates/" + id + "/draft", admin.token(), null);
		assertThat(discarded.status()).as(discarded.body()).isEqualTo(200);
		assertThat(discarded.text("name")).isEqualTo("Customer onboarding (EU)");
		assertThat(discarded.json().path("versions").size()).isEqualTo(1);

		// Export: the document alone, which imports again as a new template.
		Api.Response exported = api().get("/api/v1/templates/" + id + "/versions/1/export", member.token());
		assertThat(exported.status()).isEqualTo(200);
		assertThat(exported.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
		assertThat(exported.json().path("$schema").asString()).isEqualTo(TemplateDocument.SCHEMA_URL);
		Api.Response reimported = importTemplate(admin, exported.body());
		assertThat(reimported.status()).as(reimported.body()).isEqualTo(201);
		assertThat(api().get("/api/v1/templates/" + reimported.text("id") + "/versions/1", admin.token())
			.json()
			.path("document")).isEqualTo(exported.json());

		// The schema is published, without signing in.
		Api.Response schema = api().get("/api/v1/schemas/process-template-v1.json", null);
		assertThat(schema.status()).isEqualTo(200);
		assertThat(schema.json().path("$schema").asString()).contains("2020-12");
	}

	@Test
	void aPublishedVersionCannotBeChangedEvenInTheDatabase() throws java.sql.SQLException {
		String id = publishedOnboarding();
		int changed;
		try (java.sql.Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			try (var set = c.prepareStatement("select set_config('rampart.user_id', ?, true)")) {
				set.setString(1, admin.id());
				set.execute();
			}
			try (var update = c.prepareStatement(
					"update rampart.process_template_versions set step_count = 99 where template_id = ?")) {
				update.setObject(1, UUID.fromString(id));
				changed = update.executeUpdate();
			}
			c.rollback();
		}
		assertThat(changed).as("row-level security: only a draft may change").isZero();
		assertThatThrownBy(() -> owner.transaction(sql -> sql.update(PROCESS_TEMPLATE_VERSIONS)
			.set(PROCESS_TEMPLATE_VERSIONS.STATE, "draft")
			.where(PROCESS_TEMPLATE_VERSIONS.TEMPLATE_ID.eq(UUID.fromString(id)))
			.execute())).as("even the owner cannot unpublish").hasMessageContaining("cannot change");
	}

	@Test
	void everyProblemOfADocumentIsNamedByItsPointer() {
		Map<String, Object> bad = new HashMap<>(onboarding());
		bad.put("colour", "blue");
		bad.put("phases", List.of(Map.of("name", "Only", "steps", List.of(Map.of("key", "Bad Key", "title", ""),
				Map.of("key", "ok", "title", "Fine", "estimateMinutes", -1)))));
		Api.Response refused = importTemplate(admin, bad);
		assertProblem(refused, 400, null);
		List<String> fields = new ArrayList<>();
		refused.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
		assertThat(fields).contains("", "/phases/0/steps/0/key", "/phases/0/steps/0/title",
				"/phases/0/steps/1/estimateMinutes");

		Map<String, Object> a = Map.of("key", "a", "title", "A", "dependsOn", List.of("c"));
		Map<String, Object> b = Map.of("key", "b", "title", "B", "dependsOn", List.of("a"));
		Map<String, Object> c = Map.of("key", "c", "title", "C", "dependsOn", List.of("b"));
		Map<String, Object> cyclic = Map.of("format", "rampart.process-template/1", "name", "Loop", "phases",
				List.of(Map.of("name", "P", "steps", List.of(a, b, c))));
		Api.Response cycle = importTemplate(admin, cyclic);
		assertProblem(cycle, 400, "closes a cycle");
		assertThat(cycle.body()).contains("a depends on c depends on b depends on a");

		Map<String, Object> dangling = Map.of("format", "rampart.process-template/1", "name", "Dangling", "phases",
				List.of(Map.of("name", "P", "steps",
						List.of(Map.of("key", "a", "title", "A", "dependsOn", List.of("nowhere"), "role", "pilot"),
								Map.of("key", "a", "title", "Again")))));
		Api.Response problems = importTemplate(admin, dangling);
		assertProblem(problems, 400, "/phases/0/steps/0/dependsOn/0");
		assertThat(problems.body()).contains("/phases/0/steps/1/key");

		Api.Response unknownRole = importTemplate(admin, Map.of("format", "rampart.process-template/1", "name", "R",
				"phases",
				List.of(Map.of("name", "P", "steps", List.of(Map.of("key", "a", "title", "A", "role", "pilot"))))));
		assertProblem(unknownRole, 400, "/phases/0/steps/0/role");

		assertProblem(importTemplate(admin, "{\"format\": "), 400, null);
		assertProblem(importTemplate(admin, "[]"), 400, null);
		assertThat(count(PROCESS_TEMPLATES, PROCESS_TEMPLATES.ORG_ID.eq(UUID.fromString(org)))).as("nothing stored")
			.isZero();
	}

	@Test
	void onlyTheOrganizationSeesItsTemplatesAndOnlyOwnersAndAdminsManageThem() {
		String id = publishedOnboarding();
		assertThat(api().get("/api/v1/orgs/" + org + "/templates", member.token()).json().path("items").size())
			.isEqualTo(1);
		assertThat(api().get("/api/v1/orgs/" + org + "/templates", guest.token()).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/templates/" + id, guest.token()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/templates/" + id, stranger.token()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/templates/" + id + "/versions/1/export", stranger.token()).status())
			.isEqualTo(404);
		assertThat(importTemplate(member, onboarding()).status()).isEqualTo(403);
		assertThat(api().call("PUT", "/api/v1/templates/" + id + "/draft", member.token(), onboarding()).status())
			.isEqualTo(403);
		assertThat(api().post("/api/v1/templates/" + id + "/publish", member.token(), null).status()).isEqualTo(403);
		assertThat(api().call("DELETE", "/api/v1/templates/" + id, member.token(), null).status()).isEqualTo(403);
		assertThat(api().call("DELETE", "/api/v1/templates/" + id, stranger.token(), null).status()).isEqualTo(404);
		assertThat(api()
			.post("/api/v1/orgs/" + org + "/projects/from-template", member.token(),
					Map.of("templateId", id, "version", 1, "name", "Mine", "startDate", "2026-12-07"))
			.status()).as("members may not create projects").isEqualTo(403);
		String elsewhere = api().create("/api/v1/orgs", stranger.token(), Map.of("name", "Elsewhere"));
		assertThat(api()
			.post("/api/v1/orgs/" + elsewhere + "/projects/from-template", stranger.token(),
					Map.of("templateId", id, "version", 1, "name", "Stolen", "startDate", "2026-12-07"))
			.status()).as("another organization's template is not found").isEqualTo(404);

		byte[] sealed = owner.transaction(sql -> sql.select(PROCESS_TEMPLATE_VERSIONS.DOCUMENT)
			.from(PROCESS_TEMPLATE_VERSIONS)
			.where(PROCESS_TEMPLATE_VERSIONS.TEMPLATE_ID.eq(UUID.fromString(id)))
			.fetchSingle(PROCESS_TEMPLATE_VERSIONS.DOCUMENT));
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).as("sealed at rest")
			.doesNotContain("contract")
			.doesNotContain("phases");
	}

	@Test
	void aProjectStartsFromAPublishedVersionInOneGo() {
		TestUser builder = api().newUser("tpl-builder");
		api().create("/api/v1/orgs/" + org + "/members", admin.token(),
				Map.of("email", builder.email(), "role", "member"));
		String id = publishedOnboarding();
		// 2026-12-04 is a Friday: counting starts there.
		Api.Response started = api().post("/api/v1/orgs/" + org + "/projects/from-template", admin.token(),
				Map.of("templateId", id, "version", 1, "name", "ACME onboarding", "key", "ACME", "startDate",
						"2026-12-04", "members", List.of(Map.of("email", builder.email(), "role", "contributor"))));
		assertThat(started.status()).as(started.body()).isEqualTo(201);
		assertThat(started.json().path("tasks").asInt()).isEqualTo(4);
		assertThat(started.json().path("milestones").asInt()).isEqualTo(2);
		assertThat(started.json().path("dependencies").asInt()).isEqualTo(4);
		assertThat(started.json().path("assigned").asInt()).isEqualTo(2);
		assertThat(started.json().at("/project/template/version").asInt()).isEqualTo(1);
		List<String> entry = Answers.entry(owner, started);
		assertThat(entry.get(0)).isEqualTo("project.create");
		assertThat(entry.get(3)).contains("4 tasks", "4 dependencies");
		String project = started.json().at("/project/id").asString();

		Map<String, JsonNode> byTitle = new HashMap<>();
		api().get("/api/v1/projects/" + project + "/tasks?limit=100", admin.token())
			.json()
			.path("items")
			.forEach(t -> byTitle.put(t.path("title").asString(), t));
		JsonNode contract = byTitle.get("Sign the contract");
		assertThat(contract.path("key").asString()).isEqualTo("ACME-1");
		assertThat(contract.path("dueDate").asString()).as("Friday + 2 working days").isEqualTo("2026-12-08");
		assertThat(contract.path("startDate").asString()).isEqualTo("2026-12-04");
		assertThat(contract.path("assigneeId").asString()).as("the manager: the admin who started it")
			.isEqualTo(admin.id());
		assertThat(contract.path("estimateMinutes").asInt()).isEqualTo(60);
		JsonNode kickoff = byTitle.get("Kick-off meeting");
		assertThat(kickoff.path("key").asString()).isEqualTo("ACME-2");
		assertThat(kickoff.path("startDate").asString()).isEqualTo("2026-12-09");
		assertThat(kickoff.path("dueDate").asString()).isEqualTo("2026-12-11");
		assertThat(kickoff.path("assigneeId").asString()).isEqualTo(builder.id());
		JsonNode accounts = byTitle.get("Create the accounts");
		assertThat(accounts.path("dueDate").asString()).as("Friday + 1 working day").isEqualTo("2026-12-14");
		assertThat(accounts.path("assigneeId").isNull()).isTrue();
		assertThat(byTitle.get("First review").path("dueDate").isNull()).isTrue();

		String contractId = contract.path("id").asString();
		assertThat(api().get("/api/v1/tasks/" + contractId + "/checklist", builder.token()).json().path("items").size())
			.isEqualTo(3);
		JsonNode links = api().get("/api/v1/tasks/" + kickoff.path("id").asString() + "/dependencies", admin.token())
			.json();
		assertThat(links.toString()).contains(contractId);
		JsonNode milestones = api().get("/api/v1/projects/" + project + "/milestones", admin.token())
			.json()
			.path("items");
		assertThat(milestones.size()).isEqualTo(2);
		assertThat(milestones.get(0).path("name").asString()).isEqualTo("Start");
		assertThat(milestones.get(0).path("dueDate").asString()).isEqualTo("2026-12-11");
		assertThat(milestones.get(0).path("taskCount").asInt()).isEqualTo(2);
		// A new task continues the numbering.
		assertThat(api().post("/api/v1/projects/" + project + "/tasks", admin.token(), Map.of("title", "Extra"))
			.text("key")).isEqualTo("ACME-5");

		// A draft cannot start a project; a failure leaves nothing behind.
		api().call("PUT", "/api/v1/templates/" + id + "/draft", admin.token(), onboarding());
		assertThat(api()
			.post("/api/v1/orgs/" + org + "/projects/from-template", admin.token(),
					Map.of("templateId", id, "version", 2, "name", "Too early", "startDate", "2026-12-07"))
			.status()).isEqualTo(409);
		int projects = count(PROJECTS, PROJECTS.ORG_ID.eq(UUID.fromString(org)));
		assertProblem(
				api().post("/api/v1/orgs/" + org + "/projects/from-template", admin.token(),
						Map.of("templateId", id, "version", 1, "name", "Bad member", "startDate", "2026-12-07",
								"members", List.of(Map.of("email", stranger.email(), "role", "contributor")))),
				400, "members[0].email");
		assertProblem(
				api().post("/api/v1/orgs/" + org + "/projects/from-template", admin.token(),
						Map.of("templateId", id, "version", 1, "name", "Bad date", "startDate", "someday")),
				400, "startDate");
		assertThat(count(PROJECTS, PROJECTS.ORG_ID.eq(UUID.fromString(org)))).as("nothing half made")
			.isEqualTo(projects);

		// Deleting the template leaves the project and its tasks.
		assertThat(api().call("DELETE", "/api/v1/templates/" + id, admin.token(), null).status()).isEqualTo(204);
		assertThat(api().get("/api/v1/projects/" + project, admin.token()).json().path("template").isNull()).isTrue();
		assertThat(count(TASKS, TASKS.PROJECT_ID.eq(UUID.fromString(project)))).isEqualTo(5);
	}

	@Test
	void workingDaysSkipWeekends() {
		LocalDate friday = LocalDate.of(2026, 12, 4);
		assertThat(ProjectsFromTemplates.WorkingDays.add(friday, 0)).isEqualTo(friday);
		assertThat(ProjectsFromTemplates.WorkingDays.add(friday, 1)).isEqualTo(LocalDate.of(2026, 12, 7));
		assertThat(ProjectsFromTemplates.WorkingDays.add(friday, 5)).isEqualTo(LocalDate.of(2026, 12, 11));
		assertThat(ProjectsFromTemplates.WorkingDays.add(friday, 6)).isEqualTo(LocalDate.of(2026, 12, 14));
		assertThat(ProjectsFromTemplates.WorkingDays.add(LocalDate.of(2026, 12, 5), 0)).as("Saturday: the Monday after")
			.isEqualTo(LocalDate.of(2026, 12, 7));
		assertThat(ProjectsFromTemplates.WorkingDays.add(LocalDate.of(2026, 12, 6), 2))
			.isEqualTo(LocalDate.of(2026, 12, 9));
	}

	@Test
	void graphQlManagesTemplatesAndStartsProjectsWithTheSameRules() {
		String document = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(onboarding());
		Api.Response created = api().graphql(admin.token(),
				"mutation($o: ID!, $d: String!) { createProcessTemplate(organizationId: $o, document: $d) { id name draft { number revision } } }",
				Map.of("o", org, "d", document));
		String id = created.json().at("/data/createProcessTemplate/id").asString();
		assertThat(id).as(created.body()).isNotEmpty();
		Api.Response published = api().graphql(admin.token(),
				"mutation($t: ID!) { publishProcessTemplate(templateId: $t, expectedRevision: 1) { number state phases { name steps { key title checklist dependsOn } } } }",
				Map.of("t", id));
		assertThat(published.json().at("/data/publishProcessTemplate/state").asString()).as(published.body())
			.isEqualTo("published");
		assertThat(published.json().at("/data/publishProcessTemplate/phases/0/steps/1/dependsOn/0").asString())
			.isEqualTo("contract");

		Api.Response listed = api().graphql(member.token(),
				"query($o: ID!) { organization(id: $o) { processTemplates { id name latestPublished { number stepCount } versions { number state } } } }",
				Map.of("o", org));
		assertThat(listed.json().at("/data/organization/processTemplates/0/latestPublished/stepCount").asInt())
			.as(listed.body())
			.isEqualTo(4);
		Api.Response hidden = api().graphql(guest.token(),
				"query($o: ID!) { organization(id: $o) { processTemplates { id } } }", Map.of("o", org));
		assertThat(hidden.json().at("/errors/0/extensions/code").asString()).as(hidden.body()).isNotEmpty();

		Api.Response invalid = api().graphql(admin.token(),
				"mutation($t: ID!, $d: String!) { saveProcessTemplateDraft(templateId: $t, document: $d) { number } }",
				Map.of("t", id, "d", "{\"format\": \"rampart.process-template/1\", \"name\": \"\", \"phases\": []}"));
		assertThat(invalid.json().at("/errors/0/extensions/errors").size()).as(invalid.body()).isGreaterThan(1);

		// Every template operation refuses a member (FORBIDDEN) or a guest and a stranger
		// (NOT_FOUND), and changes nothing.
		String before = api().get("/api/v1/templates/" + id, admin.token()).body();
		Map<String, String> denied = new java.util.LinkedHashMap<>();
		denied.put("mutation($t: ID!) { publishProcessTemplate(templateId: $t) { number } }", "FORBIDDEN");
		denied.put(
				"mutation($t: ID!, $d: String!) { saveProcessTemplateDraft(templateId: $t, document: $d) { number } }",
				"FORBIDDEN");
		denied.put("mutation($t: ID!) { discardProcessTemplateDraft(templateId: $t) { id } }", "FORBIDDEN");
		denied.put("mutation($t: ID!) { deleteProcessTemplate(templateId: $t) }", "FORBIDDEN");
		denied.put("query($t: ID!) { processTemplate(id: $t) { versions { number document } } }", null);
		for (Map.Entry<String, String> operation : denied.entrySet()) {
			Map<String, Object> variables = new HashMap<>(Map.of("t", id));
			if (operation.getKey().contains("$d")) {
				variables.put("d", document);
			}
			for (TestUser who : List.of(member, guest, stranger)) {
				if (who == member && operation.getValue() == null) {
					continue;
				}
				Api.Response refused = api().graphql(who.token(), operation.getKey(), variables);
				assertThat(refused.json().at("/errors/0/extensions/classification").asString())
					.as("%s by %s: %s", operation.getKey(), who.email(), refused.body())
					.isEqualTo(who == member ? operation.getValue() : "NOT_FOUND");
			}
		}
		Api.Response notStarted = api().graphql(member.token(),
				"mutation($i: StartProjectFromTemplateInput!) { startProjectFromTemplate(input: $i) { tasks } }",
				Map.of("i", Map.of("organizationId", org, "templateId", id, "version", 1, "name", "Not mine",
						"startDate", "2026-12-07")));
		assertThat(notStarted.json().at("/errors/0/extensions/classification").asString()).as(notStarted.body())
			.isEqualTo("FORBIDDEN");
		assertThat(api().get("/api/v1/templates/" + id, admin.token()).body()).as("nothing changed").isEqualTo(before);

		// Starting a project weighs 500 of the cost budget: eleven in one request are
		// refused
		// before any runs.
		int projectsBefore = count(PROJECTS, PROJECTS.ORG_ID.eq(UUID.fromString(org)));
		StringBuilder many = new StringBuilder("mutation($i: StartProjectFromTemplateInput!) {");
		for (int i = 0; i < 11; i++) {
			many.append(" s").append(i).append(": startProjectFromTemplate(input: $i) { tasks }");
		}
		Api.Response tooCostly = api().graphql(admin.token(), many.append(" }").toString(), Map.of("i", Map
			.of("organizationId", org, "templateId", id, "version", 1, "name", "Many", "startDate", "2026-12-07")));
		assertThat(tooCostly.body()).containsIgnoringCase("complexity");
		assertThat(count(PROJECTS, PROJECTS.ORG_ID.eq(UUID.fromString(org)))).isEqualTo(projectsBefore);

		Api.Response started = api().graphql(admin.token(),
				"mutation($i: StartProjectFromTemplateInput!) { startProjectFromTemplate(input: $i) { tasks milestones project { id key template { version template { name } } } } }",
				Map.of("i", Map.of("organizationId", org, "templateId", id, "version", 1, "name", "Via GraphQL",
						"startDate", "2026-12-07")));
		assertThat(started.json().at("/data/startProjectFromTemplate/tasks").asInt()).as(started.body()).isEqualTo(4);
		assertThat(started.json().at("/data/startProjectFromTemplate/project/template/template/name").asString())
			.isEqualTo("Customer onboarding");
	}

}
