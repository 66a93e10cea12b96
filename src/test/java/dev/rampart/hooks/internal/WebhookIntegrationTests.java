package dev.rampart.hooks.internal;

import static dev.rampart.Answers.assertProblem;
import static dev.rampart.db.schema.Tables.WEBHOOKS;
import static dev.rampart.db.schema.Tables.WEBHOOK_DELIVERIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.WebhookReceiver;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.work.ProjectTeam;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks end to end against a real HTTPS receiver on loopback: signed deliveries
 * (verified by the receiver's own reading of the Standard Webhooks specification) for the
 * events subscribed to, retries across an outage with the same webhook-id, a webhook
 * turned off after a day of failures with its creator mailed, secret rotation with an
 * overlap, the delivery log, and the refusals of server-side request forgery: loopback,
 * private and metadata addresses, a name resolving to loopback, a redirect to 127.0.0.1.
 */
class WebhookIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	WebhookSender sender;

	private TestUser lead;

	private TestUser contributor;

	private String org;

	private String project;

	private String path;

	private String hookPath;

	@BeforeEach
	void aProjectAndAReceiver() {
		ProjectTeam team = ProjectTeam.create(api(), "hooks", "Hooked", "Signal");
		lead = team.lead();
		contributor = team.contributor();
		org = team.org();
		project = team.project();
		path = "/api/v1/orgs/" + org + "/webhooks";
		hookPath = "/hook/" + UUID.randomUUID();
		RECEIVER.answer(200);
	}

	@AfterEach
	void receiverAnswersAgain() {
		RECEIVER.answer(200);
	}

	private JsonNode createHook(List<String> events, String projectId) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("url", RECEIVER.url(hookPath), "events", events));
		if (projectId != null) {
			body.put("projectId", projectId);
		}
		Api.Response made = api().post(path, lead.token(), body);
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		return made.json();
	}

	private List<WebhookReceiver.Request> received(int count) {
		return RECEIVER.await(r -> r.path().equals(hookPath), count);
	}

	private String newTask(String title) {
		return api().create("/api/v1/projects/" + project + "/tasks", contributor.token(), Map.of("title", title));
	}

	@Test
	void subscribedEventsArriveSignedWithWhatTheCreatorMaySee() {
		JsonNode made = createHook(List.of("task.created", "task.updated", "comment.created"), null);
		String secret = made.get("secret").asString();
		String id = made.get("id").asString();
		assertThat(secret).startsWith("whsec_");
		// Never again: not in a read, not in a list.
		assertThat(api().get(path + "/" + id, lead.token()).body()).doesNotContain(secret).doesNotContain("secret\"");
		assertThat(api().get(path, lead.token()).body()).doesNotContain(secret);

		String task = newTask("Calibrate the beacon");
		WebhookReceiver.Request created = received(1).get(0);
		assertThat(WebhookReceiver.verify(created, secret)).hasSize(1);
		assertThat(
				WebhookReceiver.verify(created,
						"whsec_" + java.util.Base64.getEncoder()
							.encodeToString("another secret of 32 bytes......".getBytes(StandardCharsets.US_ASCII))))
			.isEmpty();
		assertThat(created.header("webhook-id")).startsWith("msg_");
		assertThat(created.header("content-type")).startsWith("application/json");
		JsonNode body = new Api.Response(200, null, created.text()).json();
		assertThat(body.get("type").asString()).isEqualTo("task.created");
		assertThat(body.get("data").get("task").get("id").asString()).isEqualTo(task);
		assertThat(body.get("data").get("task").get("title").asString()).isEqualTo("Calibrate the beacon");
		assertThat(body.get("data").get("actor").get("id").asString()).isEqualTo(contributor.id());

		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + task, contributor.token(), Map.of("priority", "high"),
					Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		api().create("/api/v1/tasks/" + task + "/comments", contributor.token(), Map.of("body", "Half done"));
		List<WebhookReceiver.Request> all = received(3);
		JsonNode updated = new Api.Response(200, null, all.get(1).text()).json();
		assertThat(updated.get("type").asString()).isEqualTo("task.updated");
		assertThat(updated.get("data").get("changed").toString()).contains("priority");
		JsonNode commented = new Api.Response(200, null, all.get(2).text()).json();
		assertThat(commented.get("type").asString()).isEqualTo("comment.created");
		// The comment's text never goes out: its id does.
		assertThat(all.get(2).text()).doesNotContain("Half done");
		all.forEach(r -> assertThat(WebhookReceiver.verify(r, secret)).hasSize(1));

		// Not subscribed: task.deleted.
		assertThat(api().call("DELETE", "/api/v1/tasks/" + task, lead.token(), null).status()).isEqualTo(204);
		sender.sendDue();
		assertThat(RECEIVER.requests().stream().filter(r -> r.path().equals(hookPath))).hasSize(3);

		JsonNode log = api().get(path + "/" + id + "/deliveries", lead.token()).json().get("items");
		assertThat(log).hasSize(3);
		log.forEach(d -> {
			assertThat(d.get("state").asString()).isEqualTo("delivered");
			assertThat(d.get("lastStatus").asInt()).isEqualTo(200);
			assertThat(d.toString()).doesNotContain("Calibrate");
		});
		// Sealed at rest: no URL, secret or body in the clear.
		owner.transaction(sql -> {
			var row = sql.selectFrom(WEBHOOKS).where(WEBHOOKS.ID.eq(UUID.fromString(id))).fetchSingle();
			assertThat(new String(row.getUrl(), StandardCharsets.ISO_8859_1)).doesNotContain("127.0.0.5");
			assertThat(new String(row.getSecret(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
			return null;
		});
	}

	@Test
	void aProjectsWebhookHearsOfThatProjectOnly() {
		createHook(List.of("task.created"), project);
		String other = api().create("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", "Elsewhere"));
		api().create("/api/v1/projects/" + other + "/tasks", lead.token(), Map.of("title", "Not for this hook"));
		newTask("For this hook");
		List<WebhookReceiver.Request> got = received(1);
		sender.sendDue();
		assertThat(RECEIVER.requests().stream().filter(r -> r.path().equals(hookPath))).hasSize(1);
		assertThat(got.get(0).text()).contains("For this hook");
	}

	@Test
	void aDeliveryIsRetriedAcrossAnOutageUnderTheSameId() {
		JsonNode made = createHook(List.of("task.created"), null);
		String id = made.get("id").asString();
		RECEIVER.answer(503);
		newTask("Survives an outage");
		List<WebhookReceiver.Request> refused = received(2);
		assertThat(refused.get(0).header("webhook-id")).isEqualTo(refused.get(1).header("webhook-id"));
		JsonNode pending = api().get(path + "/" + id + "/deliveries", lead.token()).json().get("items").get(0);
		assertThat(pending.get("state").asString()).isEqualTo("pending");
		assertThat(pending.get("lastStatus").asInt()).isEqualTo(503);
		assertThat(pending.get("lastError").asString()).contains("503");
		assertThat(api().get(path + "/" + id, lead.token()).json().get("failingSince").isNull()).isFalse();

		RECEIVER.answer(200);
		List<WebhookReceiver.Request> all = RECEIVER.await(
				r -> r.path().equals(hookPath) && r.header("webhook-id").equals(refused.get(0).header("webhook-id")),
				3);
		assertThat(all.get(all.size() - 1).text()).isEqualTo(refused.get(0).text());
		awaitState(id, "delivered");
		assertThat(api().get(path + "/" + id, lead.token()).json().get("failingSince").isNull()).isTrue();
	}

	@Test
	void aDeliveryIsGivenUpAfterTheLastRetry() {
		JsonNode made = createHook(List.of("task.created"), null);
		String id = made.get("id").asString();
		RECEIVER.answer(500);
		newTask("Never accepted");
		received(4); // the first attempt and three retries
		awaitState(id, "failed");
		JsonNode failed = api().get(path + "/" + id + "/deliveries", lead.token()).json().get("items").get(0);
		assertThat(failed.get("attempts").asInt()).isEqualTo(4);
	}

	@Test
	void aWebhookFailingForADayIsTurnedOffAndItsCreatorMailed() {
		JsonNode made = createHook(List.of("task.created"), null);
		UUID id = UUID.fromString(made.get("id").asString());
		owner.transaction(sql -> sql.update(WEBHOOKS)
			.set(WEBHOOKS.FAILING_SINCE, Instant.now().minus(Duration.ofHours(25)))
			.where(WEBHOOKS.ID.eq(id))
			.execute());
		RECEIVER.answer(500);
		newTask("The last straw");
		received(1);
		MAIL.await(lead.email(), "turned off a webhook", 1);
		JsonNode off = api().get(path + "/" + id, lead.token()).json();
		assertThat(off.get("enabled").asBoolean()).isFalse();
		assertThat(off.get("disabledReason").asString()).isEqualTo("failing");
		// What waited is cancelled; nothing more goes while it is off.
		awaitState(id.toString(), "cancelled");
		newTask("Not sent while off");
		sender.sendDue();
		assertThat(RECEIVER.requests().stream().filter(r -> r.path().equals(hookPath))).hasSize(1);

		// A test still goes (how an admin checks the receiver is back); turning it on
		// clears the failure.
		RECEIVER.answer(200);
		assertThat(api().post(path + "/" + id + "/test", lead.token(), null).status()).isEqualTo(202);
		WebhookReceiver.Request test = received(2).get(1);
		assertThat(test.text()).contains("webhook.test");
		JsonNode on = api().call("PATCH", path + "/" + id, lead.token(), Map.of("enabled", true)).json();
		assertThat(on.get("enabled").asBoolean()).isTrue();
		assertThat(on.get("disabledReason").isNull()).isTrue();
		assertThat(on.get("failingSince").isNull()).isTrue();
	}

	@Test
	void aRotatedOutSecretSignsAlongsideTheNewOneUntilTheOverlapEnds() {
		JsonNode made = createHook(List.of("task.created"), null);
		String old = made.get("secret").asString();
		String id = made.get("id").asString();
		JsonNode rotated = api().post(path + "/" + id + "/rotate-secret", lead.token(), null).json();
		String fresh = rotated.get("secret").asString();
		assertThat(fresh).isNotEqualTo(old);
		assertThat(rotated.get("previousSecretValidUntil").isNull()).isFalse();
		newTask("Signed twice");
		WebhookReceiver.Request during = received(1).get(0);
		assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
		assertThat(WebhookReceiver.verify(during, old)).hasSize(1);
		assertThat(WebhookReceiver.verify(during, fresh)).hasSize(1);

		owner.transaction(sql -> sql.update(WEBHOOKS)
			.set(WEBHOOKS.PREVIOUS_SECRET_UNTIL, Instant.now().minusSeconds(1))
			.where(WEBHOOKS.ID.eq(UUID.fromString(id)))
			.execute());
		newTask("Signed once");
		WebhookReceiver.Request after = received(2).get(1);
		assertThat(WebhookReceiver.verify(after, old)).isEmpty();
		assertThat(WebhookReceiver.verify(after, fresh)).hasSize(1);
	}

	@Test
	void receiversAtAddressesThatAreNotPublicAreRefused() {
		for (String url : List.of("https://127.0.0.1/hook", "https://localhost/hook", "https://[::1]/hook",
				"https://10.1.2.3/hook", "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data",
				"https://100.100.100.200/hook", "https://[::ffff:127.0.0.1]/hook", "https://[fd00::1]/hook",
				"https://0.0.0.0/hook", "http://" + WebhookReceiver.ADDRESS + "/hook",
				"https://user:pass@" + WebhookReceiver.ADDRESS + "/hook", "not a url", "ftp://example.org/")) {
			Api.Response refused = api().post(path, lead.token(),
					Map.of("url", url, "events", List.of("task.created")));
			assertProblem(refused, 400, "url");
			assertThat(refused.body()).as(url).doesNotContain("Exception");
		}
		assertProblem(api().post(path, lead.token(), Map.of("url", RECEIVER.url("/x"), "events", List.of("task.flew"))),
				400, "events");
		assertProblem(api().post(path, lead.token(), Map.of("url", RECEIVER.url("/x"), "events", List.of())), 400,
				"events");
		// An address the operator allow-listed is fine.
		assertThat(api().post(path, lead.token(), Map.of("url", RECEIVER.url("/x"), "events", List.of("task.created")))
			.status()).isEqualTo(201);
	}

	@Test
	void aRedirectToLoopbackIsRefusedAndNothingReachesIt() throws Exception {
		try (java.net.ServerSocket trap = new java.net.ServerSocket(0, 5,
				java.net.InetAddress.getByName("127.0.0.1"))) {
			trap.setSoTimeout(1);
			hookPath = "/redirect/" + UUID.randomUUID();
			RECEIVER.redirectTo("https://127.0.0.1:" + trap.getLocalPort() + "/stolen");
			JsonNode made = createHook(List.of("task.created"), null);
			String id = made.get("id").asString();
			newTask("Redirected");
			received(1);
			JsonNode first = awaitAttempted(id);
			assertThat(first.get("lastError").asString()).contains("127.0.0.1")
				.contains("not a public address")
				.contains("loopback");
			assertThat(first.get("lastStatus").isNull()).isTrue();
			try {
				trap.accept().close();
				throw new AssertionError("Rampart connected to 127.0.0.1 after a redirect");
			}
			catch (java.net.SocketTimeoutException expected) {
				// nobody came
			}
		}
	}

	@Test
	void onlyTheOrganizationsOwnersAndAdminsManageItsWebhooks() {
		JsonNode made = createHook(List.of("task.created"), null);
		String id = made.get("id").asString();
		assertThat(api().get(path, contributor.token()).status()).isEqualTo(403);
		// An id tells a member nothing: refused whether it exists or not.
		assertThat(api().get(path + "/" + id, contributor.token()).status()).isEqualTo(403);
		assertThat(api().get(path + "/" + UUID.randomUUID(), contributor.token()).status()).isEqualTo(403);
		assertThat(api().get(path + "/" + UUID.randomUUID(), lead.token()).status()).isEqualTo(404);
		assertThat(api().get(path + "/" + id + "/deliveries", contributor.token()).status()).isEqualTo(403);
		assertThat(api()
			.post(path, contributor.token(), Map.of("url", RECEIVER.url("/x"), "events", List.of("task.created")))
			.status()).isEqualTo(403);
		assertThat(api().post(path + "/" + id + "/rotate-secret", contributor.token(), null).status()).isEqualTo(403);
		assertThat(api().call("DELETE", path + "/" + id, contributor.token(), null).status()).isEqualTo(403);
		TestUser stranger = api().newUser("hooks-stranger");
		String theirs = api().create("/api/v1/orgs", stranger.token(), Map.of("name", "Elsewhere"));
		assertThat(api().get("/api/v1/orgs/" + theirs + "/webhooks/" + id, stranger.token()).status()).isEqualTo(404);
		assertThat(api().call("DELETE", path + "/" + id, lead.token(), null).status()).isEqualTo(204);
		assertThat(api().get(path + "/" + id, lead.token()).status()).isEqualTo(404);
	}

	private JsonNode awaitAttempted(String id) {
		Instant deadline = Instant.now().plusSeconds(20);
		while (true) {
			JsonNode first = api().get(path + "/" + id + "/deliveries", lead.token()).json().get("items").get(0);
			if (first != null && first.get("attempts").asInt() > 0 && !first.get("lastError").isNull()) {
				return first;
			}
			assertThat(Instant.now()).as("an attempt recorded").isBefore(deadline);
			sleep();
		}
	}

	private void awaitState(String id, String state) {
		Instant deadline = Instant.now().plusSeconds(20);
		while (true) {
			String now = owner.transaction(sql -> sql.select(WEBHOOK_DELIVERIES.STATE)
				.from(WEBHOOK_DELIVERIES)
				.where(WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(UUID.fromString(id)))
				.and(WEBHOOK_DELIVERIES.EVENT_TYPE.ne("webhook.test"))
				.orderBy(WEBHOOK_DELIVERIES.CREATED_AT)
				.limit(1)
				.fetchOne(WEBHOOK_DELIVERIES.STATE));
			if (state.equals(now)) {
				return;
			}
			assertThat(Instant.now()).as("delivery " + state + " (now " + now + ")").isBefore(deadline);
			sleep();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
