package dev.rampart.audit;

import static dev.rampart.db.schema.Tables.AUDIT_ENTRIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Api;
import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every kind of event produces exactly one entry with the expected fields, in the right
 * chain, with the request data filtered; REST and GraphQL record the same action names.
 */
class ActivityLogIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	SealedData sealed;

	private TestUser ownerUser;

	private String org;

	private String project;

	@BeforeEach
	void organization() {
		ownerUser = api().newUser("audit-owner");
		org = api().create("/api/v1/orgs", ownerUser.token(), Map.of("name", "Audited"));
		project = api().create("/api/v1/orgs/" + org + "/projects", ownerUser.token(),
				Map.of("name", "Ledger", "description", "kept"));
	}

	@Test
	void aTaskCreatedOverRestIsOneSuccessEntryInTheOrganizationsChain() {
		Response created = api().call("POST", "/api/v1/projects/" + project + "/tasks", ownerUser.token(),
				Map.of("title", "Reconcile accounts", "priority", "high"), Map.of("User-Agent", "audit-test/1.0"));
		assertThat(created.status()).isEqualTo(201);
		AuditEntry entry = onlyEntryOf(created);
		assertThat(entry.chain()).isEqualTo(UUID.fromString(org));
		assertThat(entry.action()).isEqualTo("task.create");
		assertThat(entry.outcome()).isEqualTo("success");
		assertThat(entry.actorId()).hasToString(ownerUser.id());
		assertThat(entry.tokenId()).isNotNull();
		assertThat(entry.targetKind()).isEqualTo("task");
		assertThat(entry.targetId()).isEqualTo(created.text("id"));
		assertThat(entry.address()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(entry.userAgent()).isEqualTo("audit-test/1.0");
		assertThat(entry.data()).contains("\"title\":\"Reconcile accounts\"", "\"priority\":\"high\"",
				"\"projectId\":\"" + project + "\"");
		assertThat(entry.hash()).hasSize(32);
		// Stored sealed with the organization's key: the title is not in the row.
		String stored = owner.transaction(sql -> sql.select(AUDIT_ENTRIES.DATA)
			.from(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(entry.chain()))
			.and(AUDIT_ENTRIES.SEQ.eq(entry.seq()))
			.fetchOne(AUDIT_ENTRIES.DATA));
		assertThat(stored).startsWith("sealed:v1:").doesNotContain("Reconcile");
	}

	@Test
	void signUpSignInFailedSignInAndSignOutGoToThePlatformChainWithSecretsRedacted() {
		String email = Api.newEmail("audit-auth");
		String password = "Audit-Secret-" + System.nanoTime();
		Response signUp = api().signUp(email, "Audited Person", password);
		AuditEntry signUpEntry = onlyEntryOf(signUp);
		assertThat(signUpEntry.chain()).isEqualTo(AuditEntry.PLATFORM_CHAIN);
		assertThat(signUpEntry.action()).isEqualTo("auth.sign-up");
		assertThat(signUpEntry.targetKind()).isEqualTo("user");
		assertThat(signUpEntry.data())
			.contains("\"password\":\"[redacted]\"", "\"email\":\"[redacted]\"", "\"displayName\":\"[redacted]\"")
			.doesNotContain(password, email, "Audited Person");

		Response wrong = api().post("/api/v1/auth/login", null, Map.of("email", email, "password", password + "x"));
		assertThat(wrong.status()).isEqualTo(401);
		AuditEntry failed = onlyEntryOf(wrong);
		assertThat(failed.action()).isEqualTo("auth.sign-in");
		assertThat(failed.outcome()).isEqualTo("denied");
		assertThat(failed.actorId()).isNull();
		assertThat(failed.targetId()).isEqualTo(signUpEntry.targetId());
		assertThat(failed.data()).doesNotContain(password, email);

		Response signIn = api().post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
		AuditEntry signedIn = onlyEntryOf(signIn);
		assertThat(signedIn.outcome()).isEqualTo("success");
		assertThat(signedIn.actorId()).hasToString(signUpEntry.targetId());
		assertThat(signedIn.tokenId()).isNotNull();
		assertThat(signedIn.data()).doesNotContain(signIn.text("token"));

		Response signOut = api().post("/api/v1/auth/logout", signIn.text("token"), null);
		AuditEntry signedOut = onlyEntryOf(signOut);
		assertThat(signedOut.action()).isEqualTo("auth.sign-out");
		assertThat(signedOut.tokenId()).isEqualTo(signedIn.tokenId());
	}

	@Test
	void refusalsInvalidInputAndReadDenialsAreRecordedWithTheirOutcome() {
		TestUser guest = api().newUser("audit-guest");
		api().post("/api/v1/orgs/" + org + "/members", ownerUser.token(),
				Map.of("email", guest.email(), "role", "member"));
		api().post("/api/v1/projects/" + project + "/members", ownerUser.token(),
				Map.of("email", guest.email(), "role", "viewer"));
		TestUser stranger = api().newUser("audit-stranger");
		String task = api().create("/api/v1/projects/" + project + "/tasks", ownerUser.token(),
				Map.of("title", "Shared"));

		Response invalid = api().post("/api/v1/projects/" + project + "/tasks", ownerUser.token(), Map.of("title", ""));
		assertThat(invalid.status()).isEqualTo(400);
		AuditEntry invalidEntry = onlyEntryOf(invalid);
		assertThat(invalidEntry.action()).isEqualTo("task.create");
		assertThat(invalidEntry.outcome()).isEqualTo("invalid");

		Response guestDelete = api().call("DELETE", "/api/v1/tasks/" + task, guest.token(), null);
		assertThat(guestDelete.status()).isIn(403, 404);
		AuditEntry denied = onlyEntryOf(guestDelete);
		assertThat(denied.action()).isEqualTo("task.delete");
		assertThat(denied.outcome()).isEqualTo("denied");
		assertThat(denied.chain()).isEqualTo(UUID.fromString(org));
		assertThat(denied.actorId()).hasToString(guest.id());
		assertThat(denied.detail()).contains("needs task.delete");

		// A resource the actor cannot see: its organization is not theirs to learn, so
		// the platform chain.
		Response strangerRead = api().get("/api/v1/tasks/" + task, stranger.token());
		assertThat(strangerRead.status()).isEqualTo(404);
		AuditEntry readDenied = onlyEntryOf(strangerRead);
		assertThat(readDenied.action()).isEqualTo("task.read");
		assertThat(readDenied.outcome()).isEqualTo("denied");
		assertThat(readDenied.chain()).isEqualTo(AuditEntry.PLATFORM_CHAIN);
		assertThat(readDenied.targetId()).isEqualTo(task);

		Response unauthenticated = api().post("/api/v1/projects/" + project + "/tasks", null, Map.of("title", "x"));
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(onlyEntryOf(unauthenticated).outcome()).isEqualTo("denied");

		// Reads that are allowed are not recorded.
		assertThat(entriesOf(api().get("/api/v1/tasks/" + task, ownerUser.token()))).isEmpty();
	}

	@Test
	void membershipRoleChangesAndGrantsAreRecordedAboutTheUserOrGrant() {
		TestUser member = api().newUser("audit-member");
		Response added = api().post("/api/v1/orgs/" + org + "/members", ownerUser.token(),
				Map.of("email", member.email(), "role", "member"));
		AuditEntry addEntry = onlyEntryOf(added);
		assertThat(addEntry.action()).isEqualTo("org.member.add");
		assertThat(addEntry.targetKind()).isEqualTo("user");
		assertThat(addEntry.targetId()).isEqualTo(member.id());
		assertThat(addEntry.data()).contains("\"role\":\"member\"").doesNotContain(member.email());

		Response promoted = api().call("PATCH", "/api/v1/orgs/" + org + "/members/" + member.id(), ownerUser.token(),
				Map.of("role", "admin"));
		AuditEntry roleEntry = onlyEntryOf(promoted);
		assertThat(roleEntry.action()).isEqualTo("org.member.change-role");
		assertThat(roleEntry.data()).contains("\"role\":\"admin\"", "\"userId\":\"" + member.id() + "\"");

		String task = api().create("/api/v1/projects/" + project + "/tasks", ownerUser.token(),
				Map.of("title", "Grant"));
		TestUser viewer = api().newUser("audit-viewer");
		api().post("/api/v1/orgs/" + org + "/members", ownerUser.token(),
				Map.of("email", viewer.email(), "role", "guest"));
		Response granted = api().post("/api/v1/tasks/" + task + "/grants", ownerUser.token(),
				Map.of("email", viewer.email(), "role", "viewer"));
		AuditEntry grantEntry = onlyEntryOf(granted);
		assertThat(grantEntry.action()).isEqualTo("task.grant");
		assertThat(grantEntry.outcome()).isEqualTo("success");
		assertThat(grantEntry.targetKind()).isEqualTo("task-grant");
	}

	@Test
	void graphQlMutationsUseTheRestActionNamesOneEntryPerMutationField() {
		Response response = api().graphql(ownerUser.token(), """
				mutation($p: ID!) {
				  first: createTask(projectId: $p, input: {title: "Via GraphQL"}) { id }
				  second: createTask(projectId: $p, input: {title: ""}) { id }
				}""", Map.of("p", project));
		assertThat(response.status()).isEqualTo(200);
		List<AuditEntry> entries = entriesOf(response);
		assertThat(entries).extracting(AuditEntry::action).containsExactly("task.create", "task.create");
		assertThat(entries).extracting(AuditEntry::outcome).containsExactly("success", "invalid");
		// The second field's error nulls the whole (non-null) data, yet the first task
		// was created.
		assertThat(api().get("/api/v1/tasks/" + entries.get(0).targetId(), ownerUser.token()).status()).isEqualTo(200);
		assertThat(entries.get(0).data()).contains("Via GraphQL");
		assertThat(entries.get(0).chain()).isEqualTo(UUID.fromString(org));

		TestUser stranger = api().newUser("audit-gql-stranger");
		Response refused = api().graphql(stranger.token(),
				"mutation($p: ID!) { createTask(projectId: $p, input: {title: \"Nope\"}) { id } }",
				Map.of("p", project));
		AuditEntry denied = onlyEntryOf(refused);
		assertThat(denied.action()).isEqualTo("task.create");
		assertThat(denied.outcome()).isEqualTo("denied");
		assertThat(denied.actorId()).hasToString(stranger.id());
	}

	@Test
	void aCsrfRefusalIsADenialOfTheIntendedAction() {
		String email = Api.newEmail("audit-csrf");
		api().signUp(email, "Csrf", Api.STRONG_PASSWORD);
		Response signIn = api().post("/api/v1/auth/login", null,
				Map.of("email", email, "password", Api.STRONG_PASSWORD, "session", "cookie"));
		String cookie = signIn.headers()
			.allValues("set-cookie")
			.stream()
			.filter(c -> c.startsWith("__Host-rampart-session"))
			.findFirst()
			.orElseThrow()
			.split(";")[0];
		Response refused = api().call("POST", "/api/v1/orgs", null, Map.of("name", "No token"),
				Map.of("Cookie", cookie, "Origin", "https://localhost:" + HTTPS_PORT));
		assertThat(refused.status()).isEqualTo(403);
		AuditEntry entry = onlyEntryOf(refused);
		assertThat(entry.action()).isEqualTo("org.create");
		assertThat(entry.outcome()).isEqualTo("denied");
		assertThat(entry.detail()).contains("CSRF");
		assertThat(entry.actorId()).isNotNull();
	}

	@Test
	void theApplicationRoleCannotChangeOrDeleteEntriesAndNeitherCanTheOwner() throws Exception {
		api().create("/api/v1/projects/" + project + "/tasks", ownerUser.token(), Map.of("title", "Immutable"));
		UUID chain = UUID.fromString(org);
		for (String statement : List.of(
				"update rampart.audit_entries set outcome = 'error' where chain = '" + chain + "'",
				"delete from rampart.audit_entries where chain = '" + chain + "'", "truncate rampart.audit_entries")) {
			try (var connection = owner.connect(); var sql = connection.createStatement()) {
				assertThatThrownBy(() -> sql.execute(statement)).hasMessageContaining("append-only");
			}
		}
		String appUser = owner.transaction(sql -> (String) sql
			.fetchValue("select grantee from information_schema.role_table_grants where table_schema = 'rampart' "
					+ "and table_name = 'audit_entries' and privilege_type = 'SELECT' and grantee <> current_user"));
		List<String> privileges = owner.transaction(sql -> sql
			.fetch("select privilege_type from information_schema.role_table_grants where table_schema = 'rampart' "
					+ "and table_name = 'audit_entries' and grantee = ?", appUser)
			.getValues(0, String.class));
		assertThat(privileges).containsExactly("SELECT");
	}

	@Test
	void aRefusedChangeIsOneEntryAndNeverASuccess() {
		String task = api().create("/api/v1/projects/" + project + "/tasks", ownerUser.token(),
				Map.of("title", "Versioned"));
		Response edited = api().call("PATCH", "/api/v1/tasks/" + task, ownerUser.token(), Map.of("title", "v2"),
				Map.of("If-Match", "\"1\""));
		assertThat(edited.status()).isEqualTo(200);
		Response stale = api().call("PATCH", "/api/v1/tasks/" + task, ownerUser.token(), Map.of("title", "v3"),
				Map.of("If-Match", "\"1\""));
		assertThat(stale.status()).isEqualTo(412);
		assertThat(settledEntriesOf(stale)).extracting(AuditEntry::action, AuditEntry::outcome)
			.containsExactly(tuple("task.update", "invalid"));

		Response staleGraphQl = api().graphql(ownerUser.token(),
				"mutation($t: ID!) { updateTask(id: $t, version: 1, input: {title: \"v4\"}) { id } }",
				Map.of("t", task));
		assertThat(staleGraphQl.body()).contains("stale-version");
		assertThat(settledEntriesOf(staleGraphQl)).extracting(AuditEntry::action, AuditEntry::outcome)
			.containsExactly(tuple("task.update", "invalid"));
		assertThat(api().get("/api/v1/tasks/" + task, ownerUser.token()).text("title")).isEqualTo("v2");

		// Invalid input is filed in the organization's chain over both APIs alike.
		Response badRest = api().call("PATCH", "/api/v1/tasks/" + task, ownerUser.token(),
				Map.of("dueDate", "nonsense"), Map.of("If-Match", "\"2\""));
		assertThat(badRest.status()).isEqualTo(400);
		Response badGraphQl = api().graphql(ownerUser.token(),
				"mutation($t: ID!) { updateTask(id: $t, version: 2, input: {dueDate: \"nonsense\"}) { id } }",
				Map.of("t", task));
		for (Response bad : List.of(badRest, badGraphQl)) {
			AuditEntry invalid = onlyEntryOf(bad);
			assertThat(invalid.outcome()).isEqualTo("invalid");
			assertThat(invalid.chain()).isEqualTo(UUID.fromString(org));
			assertThat(invalid.targetId()).isEqualTo(task);
		}

		// The same kind of refusal elsewhere: revoking what is not there (any more) is no
		// success either.
		String tokenId = api()
			.post("/api/v1/me/api-tokens", ownerUser.token(),
					Map.of("name", "once", "access", "read-only", "expiresInDays", 1))
			.json()
			.get("apiToken")
			.get("id")
			.asString();
		assertThat(api().call("DELETE", "/api/v1/me/api-tokens/" + tokenId, ownerUser.token(), null).status())
			.isEqualTo(204);
		Response again = api().call("DELETE", "/api/v1/me/api-tokens/" + tokenId, ownerUser.token(), null);
		assertThat(again.status()).isEqualTo(404);
		assertThat(settledEntriesOf(again)).extracting(AuditEntry::outcome).containsExactly("denied");
	}

	/**
	 * The entries of a refused request once they are all written: the refusal's entry
	 * comes when the answer is complete, so a success entry committed earlier would show
	 * next to it.
	 */
	List<AuditEntry> settledEntriesOf(Response response) {
		List<AuditEntry> entries = entriesOf(response);
		for (int i = 0; i < 50 && entries.stream().allMatch(entry -> entry.outcome().equals("success")); i++) {
			sleep();
			entries = entriesOf(response);
		}
		return entries;
	}

	/** The entries written for the request that got {@code response}, in chain order. */
	List<AuditEntry> entriesOf(Response response) {
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		return owner
			.transaction(sql -> sql.selectFrom(AUDIT_ENTRIES)
				.where(AUDIT_ENTRIES.REQUEST_ID.eq(requestId))
				.orderBy(AUDIT_ENTRIES.AT, AUDIT_ENTRIES.SEQ)
				.fetch(AuditLog::entry))
			.stream()
			.map(sealed::opened)
			.toList();
	}

	AuditEntry onlyEntryOf(Response response) {
		// The entry of a failed action is written once the answer is complete: wait for
		// it briefly.
		List<AuditEntry> entries = entriesOf(response);
		for (int i = 0; i < 50 && entries.isEmpty(); i++) {
			sleep();
			entries = entriesOf(response);
		}
		assertThat(entries).as("entries of request %s", response.headers().firstValue("X-Request-Id")).hasSize(1);
		return entries.get(0);
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
