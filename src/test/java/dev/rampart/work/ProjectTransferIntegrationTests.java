package dev.rampart.work;

import static dev.rampart.Answers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Answers;
import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A project exported as JSON and CSV (exactly what the exporter may read, formula-safe,
 * recorded), and projects imported from Jira and Redmine CSV exports: the dry run's
 * report (statuses, priorities, assignees by email, rows left out) writes nothing; the
 * import makes everything in one go; bad files are clear 400s.
 */
class ProjectTransferIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	private TestUser lead;

	private TestUser contributor;

	private String org;

	private String project;

	@BeforeEach
	void aTeam() {
		ProjectTeam team = ProjectTeam.create(api(), "transfer", "Transfers", "Payload");
		lead = team.lead();
		contributor = team.contributor();
		org = team.org();
		project = team.project();
	}

	@Test
	void anExportHoldsWhatTheExporterMayReadWithCommentsAndChecklists() {
		String task = api().create("/api/v1/projects/" + project + "/tasks", lead.token(),
				Map.of("title", "=HYPERLINK(\"http://evil\")", "description", "Line one\nline, \"two\"", "priority",
						"high", "dueDate", "2026-12-24"));
		api().create("/api/v1/tasks/" + task + "/comments", contributor.token(), Map.of("body", "Checked the seals"));
		api().create("/api/v1/tasks/" + task + "/checklist", lead.token(), Map.of("text", "Torque the bolts"));
		String hidden = api().create("/api/v1/projects/" + project + "/tasks", lead.token(),
				Map.of("title", "Hidden cargo", "visibility", "restricted"));

		var json = api().download("/api/v1/projects/" + project + "/export?format=json", contributor.token());
		assertThat(json.statusCode()).isEqualTo(200);
		assertThat(json.headers().firstValue("Content-Disposition").orElse("")).contains("attachment")
			.contains(".json");
		JsonNode document = new Api.Response(200, null, new String(json.body(), StandardCharsets.UTF_8)).json();
		assertThat(document.get("format").asString()).isEqualTo("rampart.project-export/1");
		assertThat(document.get("project").get("name").asString()).isEqualTo("Payload");
		assertThat(document.get("tasks")).hasSize(1);
		JsonNode exported = document.get("tasks").get(0);
		assertThat(exported.get("id").asString()).isEqualTo(task);
		assertThat(exported.get("description").asString()).isEqualTo("Line one\nline, \"two\"");
		assertThat(exported.get("priority").asString()).isEqualTo("high");
		assertThat(exported.get("dueDate").asString()).isEqualTo("2026-12-24");
		assertThat(exported.get("comments").get(0).get("body").asString()).isEqualTo("Checked the seals");
		assertThat(exported.get("comments").get(0).get("author").get("id").asString()).isEqualTo(contributor.id());
		assertThat(exported.get("checklist").get(0).get("text").asString()).isEqualTo("Torque the bolts");
		assertThat(new String(json.body(), StandardCharsets.UTF_8)).doesNotContain(hidden, "Hidden cargo");

		// The lead sees the restricted one too.
		var all = api().download("/api/v1/projects/" + project + "/export?format=json", lead.token());
		assertThat(new String(all.body(), StandardCharsets.UTF_8)).contains("Hidden cargo");

		var csv = api().download("/api/v1/projects/" + project + "/export?format=csv", contributor.token());
		assertThat(csv.statusCode()).isEqualTo(200);
		List<List<String>> rows = new ArrayList<>();
		var reader = new dev.rampart.shared.Csv.RecordReader(
				new StringReader(new String(csv.body(), StandardCharsets.UTF_8)), 100_000);
		reader.next().ifPresent(rows::add);
		for (var row = reader.next(); row.isPresent(); row = reader.next()) {
			rows.add(row.get());
		}
		assertThat(rows.get(0)).isEqualTo(ProjectExports.CSV_COLUMNS);
		assertThat(rows).extracting(r -> r.get(0)).containsExactly("record", "task", "comment", "checklist_item");
		// A cell a spreadsheet would run as a formula starts with an apostrophe.
		assertThat(rows.get(1).get(3)).isEqualTo("'=HYPERLINK(\"http://evil\")");
		assertThat(rows.get(1).get(4)).isEqualTo("Line one\nline, \"two\"");
		assertThat(rows.get(2).get(18)).isEqualTo("Checked the seals");
		assertThat(rows.get(3).get(18)).isEqualTo("Torque the bolts");

		Api.Response recorded = api().get("/api/v1/projects/" + project + "/export?format=csv", lead.token());
		assertThat(Answers.entry(owner, recorded).get(0)).isEqualTo("project.export");
	}

	@Test
	void exportsAreRefusedToThoseWhoMayNotReadTheProject() {
		TestUser stranger = api().newUser("transfer-stranger");
		assertThat(api().get("/api/v1/projects/" + project + "/export", stranger.token()).status()).isEqualTo(404);
		assertProblem(api().get("/api/v1/projects/" + project + "/export?format=xlsx", lead.token()), 400, "format");
	}

	static final String JIRA = "\uFEFFIssue key,Summary,Issue Type,Status,Priority,Assignee,Assignee Email,Due Date,"
			+ "Original Estimate,Description,Comment,Comment\r\n"
			+ "PAY-1,Fuel the stage,Task,In Progress,Highest,Casey,%s,12/Mar/27 3:45 PM,7200,\"Two tanks,\nthen vent\","
			+ "\"12/Mar/27 3:45 PM;acct-1;Looks \"\"good\"\"\",\"13/Mar/27 9:00 AM;acct-2;Vented\"\r\n"
			+ "PAY-2,Check valves,Task,Done,Low,,,,,,,\r\n" + "PAY-3,,Task,To Do,Medium,,,,,,,\r\n"
			+ "PAY-4,Paint the fins,Task,Waiting for Godot,Bogus,Nobody,nobody@example.invalid,someday,lots,,,\r\n";

	private Api.Response importFile(TestUser who, String source, String name, String csv, boolean dryRun) {
		return api().upload(
				"/api/v1/orgs/" + org + "/imports?source=" + source + "&projectName="
						+ URLEncoder.encode(name, StandardCharsets.UTF_8) + "&dryRun=" + dryRun,
				who.token(), "export.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
	}

	private int projects() {
		return api().get("/api/v1/orgs/" + org + "/projects", lead.token()).json().get("items").size();
	}

	@Test
	void aJiraExportIsCheckedByADryRunThenImportedWhole() {
		String csv = JIRA.formatted(contributor.email());
		int before = projects();
		Api.Response dry = importFile(lead, "jira", "From Jira", csv, true);
		assertThat(dry.status()).as(dry.body()).isEqualTo(200);
		JsonNode report = dry.json();
		assertThat(projects()).as("a dry run writes nothing").isEqualTo(before);
		assertThat(report.get("rows").asInt()).isEqualTo(4);
		assertThat(report.get("tasks").asInt()).isEqualTo(3);
		assertThat(report.get("comments").asInt()).isEqualTo(2);
		assertThat(report.get("projectId").isNull()).isTrue();
		assertThat(report.get("statuses").toString())
			.contains("\"from\":\"In Progress\",\"to\":\"in_progress\",\"toName\":\"In progress\"")
			.contains("\"from\":\"Done\",\"to\":\"done\"")
			.contains(
					"\"from\":\"Waiting for Godot\",\"to\":\"todo\",\"toName\":\"To do\",\"rows\":1,\"guessed\":true");
		assertThat(report.get("priorities").toString()).contains("\"from\":\"Highest\",\"to\":\"urgent\"")
			.contains("\"from\":\"Bogus\",\"to\":\"medium\",\"toName\":\"medium\",\"rows\":1,\"guessed\":true");
		assertThat(report.get("assignees").toString())
			.contains("\"email\":\"" + contributor.email().toLowerCase(java.util.Locale.ROOT) + "\",\"matched\":true")
			.contains("\"email\":\"nobody@example.invalid\",\"matched\":false");
		String problems = report.get("problems").toString();
		assertThat(problems).contains("\"line\":5").contains("no summary: left out");
		assertThat(problems).contains("someday").contains("is not a date").contains("is not a number");

		Api.Response done = importFile(lead, "jira", "From Jira", csv, false);
		assertThat(done.status()).as(done.body()).isEqualTo(201);
		String made = done.json().get("projectId").asString();
		assertThat(projects()).isEqualTo(before + 1);
		JsonNode tasks = api().get("/api/v1/projects/" + made + "/tasks?sort=oldest", lead.token()).json().get("items");
		assertThat(tasks).hasSize(3);
		JsonNode fuel = tasks.get(0);
		assertThat(fuel.get("title").asString()).isEqualTo("Fuel the stage");
		assertThat(fuel.get("description").asString()).isEqualTo("Two tanks,\nthen vent");
		assertThat(fuel.get("status").asString()).isEqualTo("in_progress");
		assertThat(fuel.get("priority").asString()).isEqualTo("urgent");
		assertThat(fuel.get("assigneeId").asString()).isEqualTo(contributor.id());
		assertThat(fuel.get("dueDate").asString()).isEqualTo("2027-03-12");
		assertThat(fuel.get("estimateMinutes").asInt()).isEqualTo(120);
		JsonNode comments = api().get("/api/v1/tasks/" + fuel.get("id").asString() + "/comments", lead.token())
			.json()
			.get("items");
		assertThat(comments).hasSize(2);
		assertThat(comments.get(0).get("body").asString()).contains("acct-1").contains("Looks \"good\"");
		// The assignee joined the project, and reads their task.
		assertThat(api().get("/api/v1/tasks/" + fuel.get("id").asString(), contributor.token()).status())
			.isEqualTo(200);
		assertThat(tasks.get(2).get("status").asString()).isEqualTo("todo");
		assertThat(tasks.get(2).has("assigneeId") && !tasks.get(2).get("assigneeId").isNull()).isFalse();
		assertThat(Answers.entry(owner, done).get(0)).isEqualTo("project.import");
	}

	@Test
	void aRedmineExportIsImported() {
		String csv = "#,Project,Tracker,Status,Priority,Subject,Assignee,Start date,Due date,Estimated time,Description,Last notes\n"
				+ "101,Old,Bug,New,Immediate,Leaky valve," + contributor.email()
				+ ",2027-01-04,2027-01-08,1.5,Drips slowly,Ordered a new seal\n"
				+ "102,Old,Feature,Resolved,Normal,Blue paint,,,,,,\n";
		Api.Response done = importFile(lead, "redmine", "From Redmine", csv, false);
		assertThat(done.status()).as(done.body()).isEqualTo(201);
		assertThat(done.json().get("tasks").asInt()).isEqualTo(2);
		String made = done.json().get("projectId").asString();
		JsonNode tasks = api().get("/api/v1/projects/" + made + "/tasks?sort=oldest", lead.token()).json().get("items");
		assertThat(tasks.get(0).get("priority").asString()).isEqualTo("urgent");
		assertThat(tasks.get(0).get("startDate").asString()).isEqualTo("2027-01-04");
		assertThat(tasks.get(0).get("estimateMinutes").asInt()).isEqualTo(90);
		assertThat(tasks.get(0).get("assigneeId").asString()).isEqualTo(contributor.id());
		assertThat(tasks.get(1).get("status").asString()).isEqualTo("done");
	}

	@Test
	void badFilesAndCallersAreRefusedClearly() {
		int before = projects();
		assertProblem(importFile(lead, "jira", "X", "Key,Title\n1,A\n", true), 400, "file");
		assertProblem(importFile(lead, "jira", "X", "Summary\n\"never closed\n", true), 400, "file");
		assertProblem(importFile(lead, "jira", "X", "Summary\n", true), 400, "file");
		assertProblem(importFile(lead, "trello", "X", "Summary\nA\n", true), 400, "source");
		assertProblem(importFile(lead, "jira", " ", "Summary\nA\n", true), 400, "projectName");
		Api.Response latin1 = api().upload("/api/v1/orgs/" + org + "/imports?source=jira&projectName=X", lead.token(),
				"export.csv", "text/csv", "Summary\nCaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
		assertProblem(latin1, 400, "file");
		assertThat(latin1.body()).contains("UTF-8");
		assertProblem(importFile(lead, "jira", "X", "Summary\n,\n", false), 400, "file");
		assertThat(importFile(contributor, "jira", "X", "Summary\nA\n", true).status()).isEqualTo(403);
		TestUser stranger = api().newUser("transfer-outsider");
		assertThat(importFile(stranger, "jira", "X", "Summary\nA\n", true).status()).isEqualTo(404);
		assertThat(projects()).isEqualTo(before);
	}

	@Test
	void graphqlImportsAsRestDoes() {
		Api.Response answer = api().graphql(lead.token(),
				"mutation($o: ID!, $c: String!) { importProject(organizationId: $o, source: \"jira\", projectName: \"Via GraphQL\", "
						+ "csv: $c, dryRun: false) { tasks comments project { id name } problems { line message } } }",
				Map.of("o", org, "c", JIRA.formatted(contributor.email())));
		JsonNode report = answer.json().get("data").get("importProject");
		assertThat(report.get("tasks").asInt()).as(answer.body()).isEqualTo(3);
		assertThat(report.get("project").get("name").asString()).isEqualTo("Via GraphQL");
	}

}
