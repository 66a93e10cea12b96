package dev.rampart.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Dependencies between tasks: listed both ways, cycles refused with the cycle named (also
 * through a task the actor cannot see, without naming it), only between tasks of one
 * organization the actor can see, only by whoever may update the blocked task.
 */
class DependencyIntegrationTests extends IntegrationTest {

	@org.springframework.beans.factory.annotation.Autowired
	dev.rampart.db.OwnerDatabase owner;

	private TestUser lead;

	private TestUser contributor;

	private TestUser viewer;

	private String org;

	private String project;

	@BeforeEach
	void aProject() {
		lead = api().newUser("dep-lead");
		contributor = api().newUser("dep-contributor");
		viewer = api().newUser("dep-viewer");
		org = api().create("/api/v1/orgs", lead.token(), Map.of("name", "Dependencies"));
		project = api().create("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "Launch"));
		for (TestUser user : List.of(contributor, viewer)) {
			api().create("/api/v1/orgs/" + org + "/members", lead.token(),
					Map.of("email", user.email(), "role", "member"));
		}
		api().create("/api/v1/projects/" + project + "/members", lead.token(),
				Map.of("email", contributor.email(), "role", "contributor"));
		api().create("/api/v1/projects/" + project + "/members", lead.token(),
				Map.of("email", viewer.email(), "role", "viewer"));
	}

	@Test
	void dependenciesAreListedBothWaysAndACycleIsRefusedWithItsChainNamed() {
		String design = task("Design", "project");
		String build = task("Build", "project");
		String ship = task("Ship", "project");
		assertThat(block(build, design, lead).status()).isEqualTo(201);
		Api.Response added = block(ship, build, lead);
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		assertThat(added.json().at("/blockedBy/0/title").asString()).isEqualTo("Build");

		JsonNode middle = api().get(deps(build), viewer.token()).json();
		assertThat(middle.at("/blockedBy/0/title").asString()).isEqualTo("Design");
		assertThat(middle.at("/blocks/0/title").asString()).isEqualTo("Ship");

		Api.Response cycle = block(design, ship, lead);
		assertThat(cycle.status()).as(cycle.body()).isEqualTo(409);
		assertThat(cycle.text("detail"))
			.contains("“Design” blocks “Build” blocks “Ship” already, and “Ship” blocks “Design” would close it");
		assertThat(api().get(deps(design), lead.token()).json().path("blockedBy")).isEmpty();

		Api.Response viaGraphQl = api().graphql(viewer.token(),
				"query($t: ID!) { task(id: $t) { blockedBy { title } blocks { title } } }", Map.of("t", build));
		assertThat(viaGraphQl.json().at("/data/task/blockedBy/0/title").asString()).isEqualTo("Design");
		assertThat(viaGraphQl.json().at("/data/task/blocks/0/title").asString()).isEqualTo("Ship");
		Api.Response cycleViaGraphQl = api().graphql(lead.token(),
				"mutation($t: ID!, $b: ID!) { addTaskDependency(taskId: $t, blockerId: $b) { id } }",
				Map.of("t", design, "b", ship));
		assertThat(cycleViaGraphQl.json().at("/errors/0/message").asString()).contains("would close a cycle");

		assertThat(api().call("DELETE", deps(ship) + "/" + build, lead.token(), null).status()).isEqualTo(204);
		assertThat(api().call("DELETE", deps(ship) + "/" + build, lead.token(), null).status()).isEqualTo(404);
		assertThat(block(design, ship, lead).status()).as("no cycle any more").isEqualTo(201);
	}

	@Test
	void dependenciesAddedAgainstCreationOrderStillRefuseTheCycleTheyWouldClose() {
		String a = task("Alpha", "project");
		String b = task("Bravo", "project");
		String c = task("Charlie", "project");
		assertThat(block(b, c, lead).status()).isEqualTo(201);
		assertThat(block(a, b, lead).status()).isEqualTo(201);
		Api.Response cycle = block(c, a, lead);
		assertThat(cycle.status()).as(cycle.body()).isEqualTo(409);
		assertThat(cycle.text("detail"))
			.contains("“Charlie” blocks “Bravo” blocks “Alpha” already, and “Alpha” blocks “Charlie” would close it");
		assertThat(block(a, c, lead).status()).as("a shortcut along the same order").isEqualTo(201);
	}

	/**
	 * Random additions and removals on a dozen tasks, each answer compared with a plain
	 * search of the graph as the test knows it: the kept order never lets a cycle in nor
	 * refuses a dependency that closes none.
	 */
	@Test
	void randomChangesAgreeWithAPlainSearchOfTheGraph() {
		List<String> tasks = new java.util.ArrayList<>();
		for (int i = 0; i < 12; i++) {
			tasks.add(task("T" + i, "project"));
		}
		java.util.Map<String, java.util.Set<String>> blocks = new java.util.HashMap<>();
		java.util.Random random = new java.util.Random(7);
		int refused = 0;
		for (int step = 0; step < 160; step++) {
			String blocker = tasks.get(random.nextInt(tasks.size()));
			String blocked = tasks.get(random.nextInt(tasks.size()));
			if (blocker.equals(blocked)) {
				continue;
			}
			if (blocks.getOrDefault(blocker, java.util.Set.of()).contains(blocked) && random.nextInt(3) == 0) {
				assertThat(api().call("DELETE", deps(blocked) + "/" + blocker, lead.token(), null).status())
					.isEqualTo(204);
				blocks.get(blocker).remove(blocked);
				continue;
			}
			int expected = blocks.getOrDefault(blocker, java.util.Set.of()).contains(blocked) ? 409
					: reaches(blocks, blocked, blocker) ? 409 : 201;
			Api.Response answer = block(blocked, blocker, lead);
			assertThat(answer.status()).as("step %d: %s", step, answer.body()).isEqualTo(expected);
			if (expected == 201) {
				blocks.computeIfAbsent(blocker, k -> new java.util.HashSet<>()).add(blocked);
			}
			else {
				refused++;
			}
		}
		assertThat(refused).as("the walk met cycles").isGreaterThan(5);
	}

	private static boolean reaches(java.util.Map<String, java.util.Set<String>> blocks, String from, String to) {
		java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(from));
		java.util.Set<String> seen = new java.util.HashSet<>(todo);
		while (!todo.isEmpty()) {
			String at = todo.pop();
			if (at.equals(to)) {
				return true;
			}
			for (String next : blocks.getOrDefault(at, java.util.Set.of())) {
				if (seen.add(next)) {
					todo.push(next);
				}
			}
		}
		return false;
	}

	@Test
	void aCycleThroughAHiddenTaskIsRefusedWithoutNamingIt() {
		String first = task("First", "project");
		String secret = task("Secret step", "restricted");
		String last = task("Last", "project");
		assertThat(block(secret, first, lead).status()).isEqualTo(201);
		assertThat(block(last, secret, lead).status()).isEqualTo(201);

		assertThat(api().get(deps(first), contributor.token()).json().path("blocks"))
			.as("the contributor does not see the dependency on the restricted task")
			.isEmpty();
		Api.Response cycle = block(first, last, contributor);
		assertThat(cycle.status()).as(cycle.body()).isEqualTo(409);
		assertThat(cycle.text("detail")).contains("“First” blocks a task you cannot see blocks “Last”")
			.doesNotContain("Secret");
	}

	@Test
	void onlyUpdatersOfTheBlockedTaskAddAndOnlyTasksTheyCanSeeInTheSameOrganization() {
		String a = task("A", "project");
		String b = task("B", "project");
		assertThat(block(a, b, viewer).status()).isEqualTo(403);
		assertThat(api().call("DELETE", deps(a) + "/" + b, viewer.token(), null).status()).isEqualTo(403);
		assertThat(block(a, a, lead).status()).isEqualTo(400);
		assertThat(block(a, b, contributor).status()).isEqualTo(201);
		assertThat(block(a, b, contributor).status()).as("already").isEqualTo(409);

		TestUser stranger = api().newUser("dep-stranger");
		assertThat(api().get(deps(a), stranger.token()).status()).isEqualTo(404);
		assertThat(block(a, b, stranger).status()).isEqualTo(404);

		// The lead's task in another organization: visible to the lead, refused as a
		// blocker.
		String otherOrg = api().create("/api/v1/orgs", lead.token(), Map.of("name", "Elsewhere"));
		String otherProject = api().create("/api/v1/orgs/" + otherOrg + "/projects", lead.token(),
				Map.of("name", "Other"));
		String foreign = api().create("/api/v1/projects/" + otherProject + "/tasks", lead.token(),
				Map.of("title", "Foreign"));
		Api.Response crossOrg = block(a, foreign, lead);
		assertThat(crossOrg.status()).isEqualTo(400);
		assertThat(crossOrg.text("detail")).contains("same organization");
		// A restricted task the contributor cannot see is not found as a blocker.
		String hidden = task("Hidden", "restricted");
		assertThat(block(a, hidden, contributor).status()).isEqualTo(404);

		assertThat(api().post(deps(a), lead.token(), Map.of("blockerId", "nope")).status()).isEqualTo(400);
		assertThat(api().post(deps(a), lead.token(), Map.of()).status()).isEqualTo(400);
		assertThat(api().get(deps(a), lead.token()).json().path("blockedBy")).hasSize(1);
	}

	/**
	 * The check walks this node's copy of the graph: a dependency another node (here, SQL
	 * as the schema owner) adds, or a task deletion removes, counts up the organization's
	 * version, and the next check reads the graph again.
	 */
	@Test
	void aChangeMadeElsewhereIsSeenByTheNextCheck() {
		String a = task("Alpha", "project");
		String b = task("Bravo", "project");
		String c = task("Charlie", "project");
		assertThat(block(b, a, lead).status()).as("this node now holds the graph").isEqualTo(201);
		owner.transaction(sql -> sql.insertInto(dev.rampart.db.schema.Tables.TASK_DEPENDENCIES)
			.set(dev.rampart.db.schema.Tables.TASK_DEPENDENCIES.ORG_ID, java.util.UUID.fromString(org))
			.set(dev.rampart.db.schema.Tables.TASK_DEPENDENCIES.BLOCKER_ID, java.util.UUID.fromString(b))
			.set(dev.rampart.db.schema.Tables.TASK_DEPENDENCIES.BLOCKED_ID, java.util.UUID.fromString(c))
			.set(dev.rampart.db.schema.Tables.TASK_DEPENDENCIES.CREATED_BY, java.util.UUID.fromString(lead.id()))
			.set(dev.rampart.db.schema.Tables.TASK_DEPENDENCIES.CREATED_AT, java.time.Instant.now())
			.execute());
		Api.Response cycle = block(a, c, lead);
		assertThat(cycle.status()).as(cycle.body()).isEqualTo(409);
		assertThat(cycle.text("detail")).contains("“Alpha” blocks “Bravo” blocks “Charlie” already");
		assertThat(api().call("DELETE", "/api/v1/tasks/" + b, lead.token(), null).status()).isEqualTo(204);
		assertThat(block(a, c, lead).status()).as("the chain went with Bravo").isEqualTo(201);
	}

	private String task(String title, String visibility) {
		return api().create("/api/v1/projects/" + project + "/tasks", lead.token(),
				Map.of("title", title, "visibility", visibility));
	}

	private Api.Response block(String task, String blocker, TestUser actor) {
		return api().post(deps(task), actor.token(), Map.of("blockerId", blocker));
	}

	private static String deps(String task) {
		return "/api/v1/tasks/" + task + "/dependencies";
	}

}
