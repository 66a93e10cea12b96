package dev.rampart.idempotency;

import static dev.rampart.db.schema.Tables.IDEMPOTENCY_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.shared.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Idempotency-Key on POST (IETF httpapi draft; C22 with several nodes): a retry gets the
 * first answer and is not carried out again, over REST, GraphQL and uploads; another
 * request with the key is refused (422); keys are per user and kept 24 h; a key in use
 * answers 409; a key whose change committed is never carried out again, and the mark
 * commits with the change.
 */
class IdempotencyIntegrationTests extends IntegrationTest {

	@Autowired
	IdempotentRequests requests;

	@Autowired
	Database db;

	@Autowired
	OwnerDatabase owner;

	@Test
	void aRetriedCreationGetsTheFirstAnswerAndMakesNothingTwice() {
		Api api = api();
		Api.TestUser user = api.newUser("idem");
		String project = project(api, user);
		String key = "\"" + UUID.randomUUID() + "\"";
		Api.Response first = api.call("POST", "/api/v1/projects/" + project + "/tasks", user.token(),
				Map.of("title", "Once only"), Map.of("Idempotency-Key", key));
		Api.Response again = api.call("POST", "/api/v1/projects/" + project + "/tasks", user.token(),
				Map.of("title", "Once only"), Map.of("Idempotency-Key", key));
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(again.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
		assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(titles(api, user, project)).containsExactly("Once only");

		Api.Response other = api.call("POST", "/api/v1/projects/" + project + "/tasks", user.token(),
				Map.of("title", "Something else"), Map.of("Idempotency-Key", key));
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.body()).contains("idempotency-key-reused");
		assertThat(titles(api, user, project)).containsExactly("Once only");

		// Per user: the same key is another user's own.
		Api.TestUser someoneElse = api.newUser("idem-other");
		String theirProject = project(api, someoneElse);
		assertThat(api
			.call("POST", "/api/v1/projects/" + theirProject + "/tasks", someoneElse.token(),
					Map.of("title", "Once only"), Map.of("Idempotency-Key", key))
			.status()).isEqualTo(201);
		assertThat(titles(api, someoneElse, theirProject)).containsExactly("Once only");
	}

	@Test
	void aRequestThatChangedNothingAndFailedIsCarriedOutAgain() {
		Api api = api();
		Api.TestUser user = api.newUser("idem-fail");
		String project = project(api, user);
		Map<String, String> key = Map.of("Idempotency-Key", "\"retry-after-a-fix-0001\"");
		Api.Response refused = api.call("POST", "/api/v1/projects/" + project + "/tasks", user.token(),
				Map.of("title", ""), key);
		assertThat(refused.status()).isEqualTo(400);
		Api.Response again = api.call("POST", "/api/v1/projects/" + project + "/tasks", user.token(),
				Map.of("title", ""), key);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).as("not kept, carried out again").isEmpty();
	}

	@Test
	void graphQlMutationsAndUploadsAreIdempotentToo() {
		Api api = api();
		Api.TestUser user = api.newUser("idem-gql");
		String project = project(api, user);
		String mutation = "mutation($p: ID!) { createTask(projectId: $p, input: {title: \"By GraphQL\"}) { id } }";
		Map<String, String> key = Map.of("Idempotency-Key", "\"graphql-create-0001\"");
		Api.Response first = graphql(api, user, mutation, project, key);
		Api.Response again = graphql(api, user, mutation, project, key);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body()).contains("\"id\"").doesNotContain("errors");
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(titles(api, user, project)).containsExactly("By GraphQL");

		String task = api.create("/api/v1/projects/" + project + "/tasks", user.token(), Map.of("title", "Files"));
		byte[] file = "%PDF-1.4 uploaded once".getBytes(StandardCharsets.UTF_8);
		Map<String, String> uploadKey = Map.of("Idempotency-Key", "\"upload-0001\"");
		Api.Response upload = api.upload("/api/v1/tasks/" + task + "/attachments", user.token(), "a.pdf",
				"application/pdf", file, uploadKey);
		Api.Response retried = api.upload("/api/v1/tasks/" + task + "/attachments", user.token(), "a.pdf",
				"application/pdf", file, uploadKey);
		assertThat(upload.status()).isEqualTo(201);
		assertThat(retried.body()).as("another multipart boundary, the same parts").isEqualTo(upload.body());
		assertThat(api.get("/api/v1/tasks/" + task + "/attachments", user.token()).json().get("items").size())
			.isEqualTo(1);
		assertThat(api
			.upload("/api/v1/tasks/" + task + "/attachments", user.token(), "b.pdf", "application/pdf", file, uploadKey)
			.status()).isEqualTo(422);
	}

	@Test
	void anAnswerHoldingASecretShownOnceIsNeverKept() {
		Api api = api();
		Api.TestUser user = api.newUser("idem-secret");
		Map<String, String> key = Map.of("Idempotency-Key", "\"token-0001\"");
		Map<String, Object> body = Map.of("name", "reporting", "access", "read-only", "expiresInDays", 30);
		Api.Response first = api.call("POST", "/api/v1/me/api-tokens", user.token(), body, key);
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.body()).contains("rpt_");
		Api.Response again = api.call("POST", "/api/v1/me/api-tokens", user.token(), body, key);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.body()).contains("idempotent-request-carried-out").doesNotContain("rpt_");
		UserId id = new UserId(UUID.fromString(user.id()));
		org.jooq.Record2<String, byte[]> kept = owner
			.transaction(sql -> sql.select(IDEMPOTENCY_KEYS.STATE, IDEMPOTENCY_KEYS.BODY)
				.from(IDEMPOTENCY_KEYS)
				.where(IDEMPOTENCY_KEYS.USER_ID.eq(id.value()))
				.fetchOne());
		String state = kept.value1();
		byte[] keptBody = kept.value2();
		assertThat(state).isEqualTo("committed");
		assertThat(keptBody).as("no copy of the token").isNull();
		assertThat(api.get("/api/v1/me/api-tokens", user.token()).body()).contains("reporting");
		assertThat(api.get("/api/v1/me/api-tokens", user.token()).json().get("items").size()).as("made once")
			.isEqualTo(1);
	}

	@Test
	void malformedKeysAreRefusedAndAnonymousRequestsIgnoreTheHeader() {
		Api api = api();
		Api.TestUser user = api.newUser("idem-bad");
		String project = project(api, user);
		for (String bad : List.of("\"\"", "\"" + "k".repeat(256) + "\"", "\"back\\\\slash\"")) {
			Api.Response response = api.call("POST", "/api/v1/projects/" + project + "/tasks", user.token(),
					Map.of("title", "Never"), Map.of("Idempotency-Key", bad));
			assertThat(response.status()).as(bad).isEqualTo(400);
			assertThat(response.body()).contains("invalid-idempotency-key");
		}
		assertThat(titles(api, user, project)).isEmpty();
		// Sign-in carries credentials in its answer: never kept.
		Map<String, String> key = Map.of("Idempotency-Key", "\"sign-in-0001\"");
		Api.Response login = api.call("POST", "/api/v1/auth/login", null,
				Map.of("email", user.email(), "password", "wrong password for this"), key);
		assertThat(login.status()).isEqualTo(401);
		assertThat(login.headers().firstValue("Idempotent-Replayed")).isEmpty();
	}

	@Test
	void aKeyInUseWaitsAndOneWhoseChangeCommittedIsNeverCarriedOutAgain() {
		UserId user = new UserId(UUID.fromString(api().newUser("idem-state").id()));
		byte[] fingerprint = IdempotentRequests.sha256("POST /x".getBytes(StandardCharsets.UTF_8));
		IdempotentRequests.Claim claim = requests.claim(user, "state-0001", fingerprint);
		assertThat(claim).isInstanceOf(IdempotentRequests.Proceed.class);
		IdempotentRequests.Held held = ((IdempotentRequests.Proceed) claim).held();
		assertThat(requests.claim(user, "state-0001", fingerprint)).isInstanceOf(IdempotentRequests.InProgress.class);

		// A write that rolls back leaves the key unmarked; one that commits marks it.
		requests.bind(held);
		assertThatThrownBy(() -> db.write(DbContext.user(user), sql -> {
			throw new IllegalStateException("rolled back");
		})).hasMessage("rolled back");
		assertThat(held.committed()).isFalse();
		assertThat(state(user)).isEqualTo("started");
		db.write(DbContext.user(user), sql -> 1);
		assertThat(held.committed()).isTrue();
		assertThat(state(user)).isEqualTo("committed");

		// Its node stops before the answer is kept: once the hold passes, retries are
		// told it was carried out.
		owner.transaction(sql -> sql.update(IDEMPOTENCY_KEYS)
			.set(IDEMPOTENCY_KEYS.LOCKED_UNTIL, Instant.now().minusSeconds(1))
			.where(IDEMPOTENCY_KEYS.USER_ID.eq(user.value()))
			.execute());
		assertThat(requests.claim(user, "state-0001", fingerprint)).isInstanceOf(IdempotentRequests.CarriedOut.class);

		// One that stopped before anything committed is taken over.
		IdempotentRequests.Held second = ((IdempotentRequests.Proceed) requests.claim(user, "state-0002", fingerprint))
			.held();
		owner.transaction(sql -> sql.update(IDEMPOTENCY_KEYS)
			.set(IDEMPOTENCY_KEYS.LOCKED_UNTIL, Instant.now().minusSeconds(1))
			.where(IDEMPOTENCY_KEYS.USER_ID.eq(user.value()))
			.and(IDEMPOTENCY_KEYS.STATE.eq("started"))
			.execute());
		IdempotentRequests.Claim takeover = requests.claim(user, "state-0002", fingerprint);
		assertThat(takeover).isInstanceOf(IdempotentRequests.Proceed.class);
		// The first attempt was only slow: it can no longer commit a change, nor keep its
		// answer.
		requests.bind(second);
		assertThatThrownBy(() -> db.write(DbContext.user(user), sql -> 1))
			.isInstanceOf(IdempotentRequests.KeyTakenOver.class);
		requests.finish(second, 201, "application/json", null, null, "{\"first\":1}".getBytes(StandardCharsets.UTF_8));
		assertThat(requests.claim(user, "state-0002", fingerprint)).isInstanceOf(IdempotentRequests.InProgress.class);
		requests.finish(((IdempotentRequests.Proceed) takeover).held(), 201, "application/json", null, null,
				"{}".getBytes(StandardCharsets.UTF_8));
		IdempotentRequests.Claim replay = requests.claim(user, "state-0002", fingerprint);
		assertThat(replay).isInstanceOf(IdempotentRequests.Replay.class);
		assertThat(new String(((IdempotentRequests.Replay) replay).body(), StandardCharsets.UTF_8)).isEqualTo("{}");

		// Kept 24 hours: an older key is a new one.
		owner.transaction(sql -> sql.update(IDEMPOTENCY_KEYS)
			.set(IDEMPOTENCY_KEYS.CREATED_AT, Instant.now().minus(25, ChronoUnit.HOURS))
			.where(IDEMPOTENCY_KEYS.USER_ID.eq(user.value()))
			.execute());
		assertThat(requests.claim(user, "state-0002", fingerprint)).isInstanceOf(IdempotentRequests.Proceed.class);
	}

	@Test
	void keysAreEachUsersOwnUnderRowLevelSecurity() {
		UserId alice = new UserId(UUID.fromString(api().newUser("idem-rls-a").id()));
		UserId bob = new UserId(UUID.fromString(api().newUser("idem-rls-b").id()));
		requests.claim(alice, "rls-0001", IdempotentRequests.sha256(new byte[] { 1 }));
		int seenByBob = db.read(DbContext.user(bob),
				sql -> sql.fetchCount(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.USER_ID.eq(alice.value())));
		int seenByAlice = db.read(DbContext.user(alice),
				sql -> sql.fetchCount(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.USER_ID.eq(alice.value())));
		assertThat(seenByBob).isZero();
		assertThat(seenByAlice).isEqualTo(1);
	}

	private String state(UserId user) {
		return owner.transaction(sql -> sql.select(IDEMPOTENCY_KEYS.STATE)
			.from(IDEMPOTENCY_KEYS)
			.where(IDEMPOTENCY_KEYS.USER_ID.eq(user.value()))
			.fetchOne(IDEMPOTENCY_KEYS.STATE));
	}

	private static Api.Response graphql(Api api, Api.TestUser user, String mutation, String project,
			Map<String, String> headers) {
		return api.call("POST", "/graphql", user.token(), Map.of("query", mutation, "variables", Map.of("p", project)),
				headers);
	}

	private static String project(Api api, Api.TestUser user) {
		String org = api.create("/api/v1/orgs", user.token(), Map.of("name", "Idempotent org"));
		return api.create("/api/v1/orgs/" + org + "/projects", user.token(), Map.of("name", "Retries"));
	}

	private static List<String> titles(Api api, Api.TestUser user, String project) {
		List<String> titles = new java.util.ArrayList<>();
		api.get("/api/v1/projects/" + project + "/tasks?limit=100", user.token())
			.json()
			.get("items")
			.forEach(item -> titles.add(item.get("title").asString()));
		return titles;
	}

}
