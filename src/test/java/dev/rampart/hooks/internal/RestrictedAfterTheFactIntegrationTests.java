package dev.rampart.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.WebhookReceiver;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A task made restricted after a person watched it (and was notified), made a webhook
 * that delivered it, and found it by search: from then on neither that person nor their
 * webhook's receiver learns anything more of it. Not a later change, not a comment, not
 * the delivery that was still waiting, not a search hit, not even the old notification.
 */
class RestrictedAfterTheFactIntegrationTests extends IntegrationTest {

	@Autowired
	WebhookSender sender;

	@Test
	void aTaskMadeRestrictedTellsAFormerReaderAndTheirWebhookNothingMore() {
		TestUser owner = api().newUser("after-owner");
		TestUser integrator = api().newUser("after-integrator");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Afterwards"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "Deals"));
		// A project role that manages the project (and so its webhooks) and reads its
		// tasks, but not restricted ones.
		assertThat(api()
			.post("/api/v1/orgs/" + org + "/roles", owner.token(),
					Map.of("name", "Integrator", "permissions", List.of("task.read", "task.comment", "project.update")))
			.status()).isEqualTo(201);
		api().create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", integrator.email(), "role", "member"));
		api().create("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("email", integrator.email(), "role", "Integrator"));
		int projectAdded = unread(integrator);
		String hookPath = "/after/" + UUID.randomUUID();
		Api.Response hook = api().post("/api/v1/orgs/" + org + "/webhooks", integrator.token(),
				Map.of("url", RECEIVER.url(hookPath), "events",
						List.of("task.created", "task.updated", "comment.created"), "projectId", project));
		assertThat(hook.status()).as(hook.body()).isEqualTo(201);

		// Before: the integrator watches the task, is told of a comment, finds it; the
		// webhook delivers its creation and the comment.
		String task = api().create("/api/v1/projects/" + project + "/tasks", owner.token(),
				Map.of("title", "Zanzibar acquisition", "description", "Term sheet drafted"));
		assertThat(
				api().call("PUT", "/api/v1/tasks/" + task + "/watching", integrator.token(), Map.of("watching", true))
					.status())
			.isEqualTo(200);
		api().create("/api/v1/tasks/" + task + "/comments", owner.token(), Map.of("body", "Board says yes"));
		assertThat(notifications(integrator)).contains(task);
		assertThat(unread(integrator)).isEqualTo(projectAdded + 1);
		assertThat(search(integrator, org, "zanzibar")).contains(task);
		RECEIVER.await(r -> r.path().equals(hookPath), 2);

		// A delivery waits while the receiver is down when the task is restricted.
		RECEIVER.answer(503);
		try {
			api().create("/api/v1/tasks/" + task + "/comments", owner.token(), Map.of("body", "Price agreed"));
			RECEIVER.await(r -> r.path().equals(hookPath), 3);
			assertThat(api()
				.call("PATCH", "/api/v1/tasks/" + task, owner.token(), Map.of("visibility", "restricted"),
						Map.of("If-Match", "*"))
				.status()).isEqualTo(200);
		}
		finally {
			RECEIVER.answer(200);
		}
		List<WebhookReceiver.Request> beforeHere = RECEIVER.requests()
			.stream()
			.filter(r -> r.path().equals(hookPath))
			.toList();

		// After: changes and comments of the restricted task.
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + task, owner.token(),
					Map.of("title", "Zanzibar acquisition signed", "status", "in_progress"), Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		api().create("/api/v1/tasks/" + task + "/comments", owner.token(),
				Map.of("body", "Signed @[" + "x" + "](mention:" + integrator.id() + ")"));
		sender.retryNow();
		sender.sendDue();

		// The receiver: nothing more (the waiting delivery withheld, no new ones).
		assertThat(RECEIVER.requests().stream().filter(r -> r.path().equals(hookPath)).toList())
			.hasSize(beforeHere.size());
		String webhookId = hook.json().get("id").asString();
		JsonNode log = api().get("/api/v1/orgs/" + org + "/webhooks/" + webhookId + "/deliveries", integrator.token())
			.json()
			.get("items");
		assertThat(log).hasSize(3);
		assertThat(log.get(0).get("state").asString()).isEqualTo("withheld");
		assertThat(log.toString()).doesNotContain("Zanzibar");

		// The person: no task, no notification (old or new), no count, no search hit.
		assertThat(api().get("/api/v1/tasks/" + task, integrator.token()).status()).isEqualTo(404);
		assertThat(notifications(integrator)).doesNotContain(task).doesNotContain("Zanzibar");
		assertThat(unread(integrator)).isEqualTo(projectAdded);
		assertThat(search(integrator, org, "zanzibar")).doesNotContain(task);
		assertThat(search(integrator, org, "signed")).doesNotContain(task);
		Api.Response graph = api().graphql(integrator.token(),
				"query($o: ID!) { organization(id: $o) { search(query: \"zanzibar\") { nodes { taskId } } } }",
				Map.of("o", org));
		assertThat(graph.body()).doesNotContain(task);
	}

	private int unread(TestUser user) {
		return api().get("/api/v1/notifications/unread-count", user.token()).json().get("unread").asInt();
	}

	private String notifications(TestUser user) {
		return api().get("/api/v1/notifications", user.token()).body();
	}

	private String search(TestUser user, String org, String query) {
		Api.Response found = api().get("/api/v1/orgs/" + org + "/search?q=" + query, user.token());
		assertThat(found.status()).as(found.body()).isEqualTo(200);
		return found.body();
	}

}
