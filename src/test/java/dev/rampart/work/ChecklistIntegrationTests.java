package dev.rampart.work;

import static dev.rampart.db.schema.Tables.CHECKLIST_ITEMS;
import static org.assertj.core.api.Assertions.assertThat;

import static dev.rampart.Answers.assertProblem;

import dev.rampart.Answers;
import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Checklists on tasks over REST and GraphQL: order, ticking (who and when), moving,
 * removing; who may read and who may change; bad input; sealed at rest; recorded.
 */
class ChecklistIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	private TestUser lead;

	private TestUser viewer;

	private String task;

	private String checklist;

	@BeforeEach
	void aTaskInAProject() {
		lead = api().newUser("cl-lead");
		viewer = api().newUser("cl-viewer");
		String org = api().create("/api/v1/orgs", lead.token(), Map.of("name", "Checklists"));
		api().create("/api/v1/orgs/" + org + "/members", lead.token(),
				Map.of("email", viewer.email(), "role", "member"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "Release"));
		api().create("/api/v1/projects/" + project + "/members", lead.token(),
				Map.of("email", viewer.email(), "role", "viewer"));
		task = api().create("/api/v1/projects/" + project + "/tasks", lead.token(), Map.of("title", "Ship 2.0"));
		checklist = "/api/v1/tasks/" + task + "/checklist";
	}

	@Test
	void itemsKeepTheirOrderAreTickedMovedAndRemoved() {
		String tag = api().create(checklist, lead.token(), Map.of("text", "Tag the release"));
		String notes = api().create(checklist, lead.token(), Map.of("text", "Write release notes"));
		String announce = api().create(checklist, lead.token(), Map.of("text", "Announce"));
		assertThat(texts()).containsExactly("Tag the release", "Write release notes", "Announce");

		Api.Response ticked = api().call("PATCH", checklist + "/" + notes, lead.token(), Map.of("done", true));
		assertThat(ticked.status()).as(ticked.body()).isEqualTo(200);
		assertThat(ticked.json().path("done").asBoolean()).isTrue();
		assertThat(ticked.text("doneBy")).isEqualTo(lead.id());
		assertThat(ticked.json().path("doneAt").isNull()).isFalse();

		Api.Response moved = api().call("PATCH", checklist + "/" + announce, lead.token(), Map.of("position", 0));
		assertThat(moved.json().path("position").asInt()).isZero();
		assertThat(texts()).containsExactly("Announce", "Tag the release", "Write release notes");

		api().call("PATCH", checklist + "/" + tag, lead.token(), Map.of("text", "Tag v2.0.0"));
		assertThat(api().call("DELETE", checklist + "/" + announce, lead.token(), null).status()).isEqualTo(204);
		JsonNode items = api().get(checklist, lead.token()).json().path("items");
		assertThat(items).hasSize(2);
		assertThat(items.get(0).path("text").asString()).isEqualTo("Tag v2.0.0");
		assertThat(items.get(0).path("position").asInt()).isZero();
		assertThat(items.get(1).path("position").asInt()).as("the rest closed up").isEqualTo(1);
		assertThat(items.get(1).path("done").asBoolean()).isTrue();

		Api.Response unticked = api().call("PATCH", checklist + "/" + notes, lead.token(), Map.of("done", false));
		assertThat(unticked.json().path("doneBy").isNull()).isTrue();
	}

	@Test
	void graphQlShowsAndChangesTheSameChecklist() {
		Api.Response added = api().graphql(lead.token(),
				"mutation($t: ID!) { addChecklistItem(taskId: $t, text: \"Smoke test\") { id position done } }",
				Map.of("t", task));
		String item = added.json().at("/data/addChecklistItem/id").asString();
		assertThat(added.json().at("/data/addChecklistItem/done").asBoolean()).isFalse();
		Api.Response ticked = api().graphql(lead.token(),
				"mutation($t: ID!, $i: ID!) { updateChecklistItem(taskId: $t, itemId: $i, done: true) "
						+ "{ done doneBy { id } } }",
				Map.of("t", task, "i", item));
		assertThat(ticked.json().at("/data/updateChecklistItem/doneBy/id").asString()).isEqualTo(lead.id());

		Api.Response read = api().graphql(viewer.token(),
				"query($t: ID!) { task(id: $t) { checklist { text done doneBy { id } } } }", Map.of("t", task));
		assertThat(read.json().at("/data/task/checklist/0/text").asString()).isEqualTo("Smoke test");
		assertThat(read.json().at("/data/task/checklist/0/done").asBoolean()).isTrue();

		Api.Response refused = api().graphql(viewer.token(),
				"mutation($t: ID!, $i: ID!) { removeChecklistItem(taskId: $t, itemId: $i) }",
				Map.of("t", task, "i", item));
		assertThat(refused.json().at("/errors/0/extensions/classification").asString()).isEqualTo("FORBIDDEN");
		Api.Response removed = api().graphql(lead.token(),
				"mutation($t: ID!, $i: ID!) { removeChecklistItem(taskId: $t, itemId: $i) }",
				Map.of("t", task, "i", item));
		assertThat(removed.json().at("/data/removeChecklistItem").asBoolean()).isTrue();
		assertThat(texts()).isEmpty();
	}

	@Test
	void viewersReadButDoNotChangeAndOthersSeeNothing() {
		String item = api().create(checklist, lead.token(), Map.of("text", "Sign off"));
		assertThat(api().get(checklist, viewer.token()).status()).isEqualTo(200);
		assertThat(api().post(checklist, viewer.token(), Map.of("text", "Mine")).status()).isEqualTo(403);
		assertThat(api().call("PATCH", checklist + "/" + item, viewer.token(), Map.of("done", true)).status())
			.isEqualTo(403);
		assertThat(api().call("DELETE", checklist + "/" + item, viewer.token(), null).status()).isEqualTo(403);

		TestUser stranger = api().newUser("cl-stranger");
		assertThat(api().get(checklist, stranger.token()).status()).isEqualTo(404);
		assertThat(api().post(checklist, stranger.token(), Map.of("text", "Injected")).status()).isEqualTo(404);
		assertThat(api().call("PATCH", checklist + "/" + item, stranger.token(), Map.of("done", true)).status())
			.isEqualTo(404);
		assertThat(api().get(checklist, null).status()).isEqualTo(401);

		// An item named under another task is not found there, even by someone who may
		// change both tasks.
		String other = api().create("/api/v1/projects/" + projectOf(task) + "/tasks", lead.token(),
				Map.of("title", "Other"));
		assertThat(
				api().call("PATCH", "/api/v1/tasks/" + other + "/checklist/" + item, lead.token(), Map.of("done", true))
					.status())
			.isEqualTo(404);
		assertThat(texts()).containsExactly("Sign off");
		assertThat(api().get(checklist, lead.token()).json().at("/items/0/done").asBoolean()).isFalse();
	}

	@Test
	void badInputIsAClearProblemAndChangesNothing() {
		String item = api().create(checklist, lead.token(), Map.of("text", "Keep me"));
		assertProblem(api().post(checklist, lead.token(), Map.of("text", "  ")), 400, "text");
		assertProblem(api().post(checklist, lead.token(), Map.of("text", "x".repeat(1001))), 400, "text");
		assertProblem(api().post(checklist, lead.token(), Map.of("text", "line\u0007bell")), 400, "text");
		assertProblem(api().post(checklist, lead.token(), Map.of()), 400, "text");
		assertProblem(api().call("PATCH", checklist + "/" + item, lead.token(), Map.of()), 400, "body");
		assertProblem(api().call("PATCH", checklist + "/" + item, lead.token(), Map.of("position", 5)), 400,
				"position");
		assertProblem(api().call("PATCH", checklist + "/" + item, lead.token(), Map.of("done", "yes")), 400, "done");
		assertProblem(api().call("PATCH", checklist + "/" + UUID.randomUUID(), lead.token(), Map.of("done", true)), 404,
				null);
		assertProblem(api().call("PATCH", checklist + "/not-a-uuid", lead.token(), Map.of("done", true)), 400,
				"itemId");
		assertThat(texts()).containsExactly("Keep me");
	}

	@Test
	void itemTextIsSealedAtRestAndChangesAreRecorded() {
		String marker = "MARKER" + UUID.randomUUID().toString().replace("-", "");
		Api.Response added = api().post(checklist, lead.token(), Map.of("text", "check " + marker));
		assertThat(added.status()).isEqualTo(201);
		byte[] stored = owner.transaction(sql -> sql.select(CHECKLIST_ITEMS.TEXT)
			.from(CHECKLIST_ITEMS)
			.where(CHECKLIST_ITEMS.ID.eq(UUID.fromString(added.text("id"))))
			.fetchSingle(CHECKLIST_ITEMS.TEXT));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(marker);

		assertThat(entry(added)).containsExactly("checklist.add", "checklist-item", added.text("id"), null);
		Api.Response ticked = api().call("PATCH", checklist + "/" + added.text("id"), lead.token(),
				Map.of("done", true, "position", 0));
		assertThat(entry(ticked)).containsExactly("checklist.update", "checklist-item", added.text("id"),
				"changed: done");
		Api.Response denied = api().call("PATCH", checklist + "/" + added.text("id"), viewer.token(),
				Map.of("done", false));
		assertThat(entry(denied).get(0)).isEqualTo("checklist.update");
	}

	private List<String> texts() {
		return api().get(checklist, lead.token())
			.json()
			.path("items")
			.valueStream()
			.map(i -> i.path("text").asString())
			.toList();
	}

	private String projectOf(String task) {
		return api().get("/api/v1/tasks/" + task, lead.token()).text("projectId");
	}

	private List<String> entry(Api.Response response) {
		return Answers.entry(owner, response);
	}

}
