package dev.rampart.keys;

import static dev.rampart.db.schema.Tables.ATTACHMENTS;
import static dev.rampart.db.schema.Tables.KEY_SETS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.ops.ContentSealer;
import dev.rampart.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Data keys and the KEK rotate while four clients create and read tasks: no request
 * fails; the re-encryption job then moves every row to the new key and retires the old
 * one; rows written before sealing existed are sealed by the same job.
 */
class RotationUnderLoadIntegrationTests extends IntegrationTest {

	@Autowired
	DataKeys keys;

	@Autowired
	KeyRotation rotation;

	@Autowired
	KeyReport report;

	@Autowired
	ContentSealer sealer;

	@Autowired
	OwnerDatabase owner;

	@Autowired
	dev.rampart.identity.SignUp signUp;

	@Test
	void rotatingWhileFourClientsWorkLosesNothingAndEndsWithOneKey() throws Exception {
		TestUser user = api().newUser("rotation");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Rotating"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		OrgId orgId = new OrgId(UUID.fromString(org));
		String before = api().create("/api/v1/projects/" + project + "/tasks", user.token(),
				Map.of("title", "Before 0"));
		for (int i = 1; i < 20; i++) {
			api().create("/api/v1/projects/" + project + "/tasks", user.token(), Map.of("title", "Before " + i));
		}
		String item = api().create("/api/v1/tasks/" + before + "/checklist", user.token(),
				Map.of("text", "Checked before the rotation"));
		String milestone = api().create("/api/v1/projects/" + project + "/milestones", user.token(),
				Map.of("name", "Named before the rotation"));
		// A title's change in the task's history (sealed values) beside a priority's
		// (none).
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + before, user.token(),
					Map.of("title", "Renamed before", "priority", "high"), Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		// A published template version is frozen for the application; the owner re-seals
		// it.
		String template = api().create("/api/v1/orgs/" + org + "/templates", user.token(),
				Map.of("format", "rampart.process-template/1", "name", "Published before the rotation", "phases",
						List.of(Map.of("name", "P", "steps", List.of(Map.of("key", "a", "title", "Step before"))))));
		assertThat(api().post("/api/v1/templates/" + template + "/publish", user.token(), null).status())
			.isEqualTo(200);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger requests = new AtomicInteger();
		List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
		ExecutorService clients = Executors.newFixedThreadPool(4);
		List<Future<?>> work = new ArrayList<>();
		for (int c = 0; c < 4; c++) {
			int client = c;
			work.add(clients.submit(() -> {
				int i = 0;
				while (running.get()) {
					Response created = api().post("/api/v1/projects/" + project + "/tasks", user.token(),
							Map.of("title", "Client " + client + " task " + i++, "description", "during rotation"));
					Response listed = api().get("/api/v1/projects/" + project + "/tasks?limit=25", user.token());
					requests.addAndGet(2);
					if (created.status() != 201 || listed.status() != 200) {
						failures.add(created.status() + "/" + listed.status() + " " + created.body() + listed.body());
					}
				}
			}));
		}
		Thread.sleep(1500);
		rotation.rotate(orgId);
		Thread.sleep(1500);
		keys.store().createKek();
		rotation.rewrapAll();
		Thread.sleep(1500);
		running.set(false);
		for (Future<?> w : work) {
			w.get();
		}
		clients.shutdown();
		assertThat(failures).as("failed requests of %d", requests.get()).isEmpty();
		assertThat(requests.get()).isGreaterThan(20);

		// Every node has had time to load the rotated keyset; then one pass re-seals and
		// retires.
		Thread.sleep(2500);
		runSealer();
		assertThat(sealer.pending()).isZero();
		var keyset = owner.transaction(sql -> sql.selectFrom(KEY_SETS)
			.where(KEY_SETS.ORG_ID.eq(orgId.value()))
			.and(KEY_SETS.PURPOSE.eq("data"))
			.fetchOne());
		assertThat(keyset.getKeyCount()).as("older key retired").isEqualTo(1);
		assertThat(keyset.getKekId()).isEqualTo(keys.store().currentKekId());
		byte[] prefix = keys.primaryDataPrefix(orgId);
		List<byte[]> titles = owner.transaction(
				sql -> sql.select(TASKS.TITLE).from(TASKS).where(TASKS.ORG_ID.eq(orgId.value())).fetch(TASKS.TITLE));
		assertThat(titles).allSatisfy(title -> assertThat(java.util.Arrays.copyOf(title, 5)).isEqualTo(prefix));
		byte[] itemText = owner.transaction(sql -> sql.select(dev.rampart.db.schema.Tables.CHECKLIST_ITEMS.TEXT)
			.from(dev.rampart.db.schema.Tables.CHECKLIST_ITEMS)
			.where(dev.rampart.db.schema.Tables.CHECKLIST_ITEMS.ID.eq(UUID.fromString(item)))
			.fetchSingle(dev.rampart.db.schema.Tables.CHECKLIST_ITEMS.TEXT));
		assertThat(java.util.Arrays.copyOf(itemText, 5)).as("checklist text sealed again").isEqualTo(prefix);
		assertThat(api().get("/api/v1/tasks/" + before + "/checklist", user.token()).body())
			.contains("Checked before the rotation");
		byte[] milestoneName = owner.transaction(sql -> sql.select(dev.rampart.db.schema.Tables.MILESTONES.NAME)
			.from(dev.rampart.db.schema.Tables.MILESTONES)
			.where(dev.rampart.db.schema.Tables.MILESTONES.ID.eq(UUID.fromString(milestone)))
			.fetchSingle(dev.rampart.db.schema.Tables.MILESTONES.NAME));
		assertThat(java.util.Arrays.copyOf(milestoneName, 5)).as("milestone name sealed again").isEqualTo(prefix);
		byte[] projectKey = owner.transaction(sql -> sql.select(dev.rampart.db.schema.Tables.PROJECTS.TASK_KEY)
			.from(dev.rampart.db.schema.Tables.PROJECTS)
			.where(dev.rampart.db.schema.Tables.PROJECTS.ID.eq(UUID.fromString(project)))
			.fetchSingle(dev.rampart.db.schema.Tables.PROJECTS.TASK_KEY));
		assertThat(java.util.Arrays.copyOf(projectKey, 5)).as("project key sealed again").isEqualTo(prefix);
		assertThat(api().get("/api/v1/milestones/" + milestone, user.token()).text("name"))
			.isEqualTo("Named before the rotation");
		List<byte[]> history = owner.transaction(sql -> sql.select(dev.rampart.db.schema.Tables.TASK_HISTORY.OLD_SEALED)
			.from(dev.rampart.db.schema.Tables.TASK_HISTORY)
			.where(dev.rampart.db.schema.Tables.TASK_HISTORY.TASK_ID.eq(UUID.fromString(before)))
			.and(dev.rampart.db.schema.Tables.TASK_HISTORY.FIELD.eq("title"))
			.fetch(dev.rampart.db.schema.Tables.TASK_HISTORY.OLD_SEALED));
		assertThat(history).singleElement()
			.satisfies(old -> assertThat(java.util.Arrays.copyOf(old, 5)).as("history sealed again").isEqualTo(prefix));
		assertThat(api().get("/api/v1/tasks/" + before + "/history", user.token()).body()).contains("Before 0",
				"Renamed before", "\"priority\"");
		byte[] document = owner
			.transaction(sql -> sql.select(dev.rampart.db.schema.Tables.PROCESS_TEMPLATE_VERSIONS.DOCUMENT)
				.from(dev.rampart.db.schema.Tables.PROCESS_TEMPLATE_VERSIONS)
				.where(dev.rampart.db.schema.Tables.PROCESS_TEMPLATE_VERSIONS.TEMPLATE_ID.eq(UUID.fromString(template)))
				.fetchSingle(dev.rampart.db.schema.Tables.PROCESS_TEMPLATE_VERSIONS.DOCUMENT));
		assertThat(java.util.Arrays.copyOf(document, 5)).as("published template version sealed again")
			.isEqualTo(prefix);
		assertThat(api().get("/api/v1/templates/" + template + "/versions/1", user.token()).body())
			.contains("Step before");
		assertThat(api().get("/api/v1/projects/" + project, user.token()).text("key")).isEqualTo("PP");
		Response all = api().get("/api/v1/projects/" + project + "/tasks?limit=100", user.token());
		assertThat(all.status()).isEqualTo(200);
		assertThat(all.body()).contains("during rotation");
		assertThat(api().get("/api/v1/tasks/" + before, user.token()).text("title")).isEqualTo("Renamed before");
	}

	/** A pass of the job (waiting if the scheduled one on this node holds the lock). */
	private void runSealer() {
		while (sealer.run() < 0) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Test
	void rowsWrittenBeforeSealingAreReadableAndGetSealed() {
		TestUser user = api().newUser("legacy");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Legacy"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		UUID legacy = UUID.randomUUID();
		UUID me = UUID.fromString(user.id());
		owner.transaction(sql -> sql.insertInto(TASKS)
			.set(TASKS.ID, legacy)
			.set(TASKS.ORG_ID, UUID.fromString(org))
			.set(TASKS.PROJECT_ID, UUID.fromString(project))
			.set(TASKS.TITLE, "Written in plain text".getBytes(StandardCharsets.UTF_8))
			.set(TASKS.DESCRIPTION, "long ago".getBytes(StandardCharsets.UTF_8))
			.set(TASKS.PLAIN, true)
			.set(TASKS.NUMBER, 1000)
			.set(TASKS.STATUS, "todo")
			.set(TASKS.PRIORITY, "medium")
			.set(TASKS.VISIBILITY, "project")
			.set(TASKS.CREATED_BY, me)
			.set(TASKS.CREATED_AT, Instant.now())
			.set(TASKS.UPDATED_BY, me)
			.set(TASKS.UPDATED_AT, Instant.now())
			.set(TASKS.VERSION, 1)
			.execute());
		assertThat(api().get("/api/v1/tasks/" + legacy, user.token()).text("title")).isEqualTo("Written in plain text");
		assertThat(sealer.pending()).isPositive();
		runSealer();
		var row = owner.transaction(sql -> sql.selectFrom(TASKS).where(TASKS.ID.eq(legacy)).fetchOne());
		assertThat(row.getPlain()).isFalse();
		assertThat(new String(row.getTitle(), StandardCharsets.ISO_8859_1)).doesNotContain("plain text");
		assertThat(api().get("/api/v1/tasks/" + legacy, user.token()).text("title")).isEqualTo("Written in plain text");
	}

	@Test
	void accountsFromBeforeSealingAreSealedAtStartAndSignIn() {
		String email = dev.rampart.Api.newEmail("legacy-account");
		UUID id = UUID.randomUUID();
		String hash = signUp.passwordHashFor(dev.rampart.Api.STRONG_PASSWORD, email, "Legacy Person");
		owner.transaction(sql -> sql.insertInto(USERS)
			.set(USERS.ID, id)
			.set(USERS.EMAIL_PLAIN, email)
			.set(USERS.DISPLAY_NAME_PLAIN, "Legacy Person")
			.set(USERS.PASSWORD_HASH, hash)
			.set(USERS.CREATED_AT, Instant.now())
			.set(USERS.UPDATED_AT, Instant.now())
			.execute());
		assertThat(sealer.pending()).isPositive();

		sealer.start();

		var row = owner.transaction(sql -> sql.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOne());
		assertThat(row.getEmailPlain()).isNull();
		assertThat(row.getDisplayNamePlain()).isNull();
		assertThat(new String(row.getEmail(), StandardCharsets.ISO_8859_1)).doesNotContain("legacy-account");
		String token = api().login(email, dev.rampart.Api.STRONG_PASSWORD);
		Response me = api().get("/api/v1/me", token);
		assertThat(me.text("email")).isEqualTo(email);
		assertThat(me.text("displayName")).isEqualTo("Legacy Person");
		assertThat(api().signUp(email, "Someone Else", dev.rampart.Api.STRONG_PASSWORD).status())
			.as("the sealed address still has its account")
			.isEqualTo(202);
		int withThatAddress = owner
			.transaction(sql -> sql.fetchCount(USERS, USERS.EMAIL_INDEX.eq(row.getEmailIndex())));
		assertThat(withThatAddress).isEqualTo(1);
	}

	@Test
	void rotatingThePlatformKeyResealsAccountsAndTheyStillSignIn() throws InterruptedException {
		TestUser before = api().newUser("platform-rotation");
		rotation.rotate(null);
		TestUser after = api().newUser("platform-rotation");
		Thread.sleep(2500);
		runSealer();
		var keyset = owner.transaction(sql -> sql.selectFrom(KEY_SETS)
			.where(KEY_SETS.ORG_ID.eq(DataKeys.PLATFORM))
			.and(KEY_SETS.PURPOSE.eq("data"))
			.fetchOne());
		assertThat(keyset.getKeyCount()).as("older platform key retired").isEqualTo(1);
		byte[] prefix = keys.primaryDataPrefix(null);
		List<org.jooq.Record2<byte[], byte[]>> sealed = owner.transaction(
				sql -> sql.select(USERS.EMAIL, USERS.DISPLAY_NAME).from(USERS).where(USERS.EMAIL.isNotNull()).fetch());
		assertThat(sealed).allSatisfy(r -> {
			assertThat(java.util.Arrays.copyOf(r.value1(), 5)).isEqualTo(prefix);
			assertThat(java.util.Arrays.copyOf(r.value2(), 5)).isEqualTo(prefix);
		});
		for (TestUser user : List.of(before, after)) {
			String token = api().login(user.email(), dev.rampart.Api.STRONG_PASSWORD);
			assertThat(api().get("/api/v1/me", token).text("email")).isEqualTo(user.email());
		}
	}

	@Test
	void attachmentFilesAreWrittenAgainUnderTheNewFileKeyAndTheOldOneRetires() throws Exception {
		TestUser user = api().newUser("file-rotation");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Files"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		String task = api().create("/api/v1/projects/" + project + "/tasks", user.token(),
				Map.of("title", "With files"));
		byte[] content = ("%PDF-1.4 rotated file ").repeat(100_000).getBytes(StandardCharsets.UTF_8);
		String attachment = api()
			.upload("/api/v1/tasks/" + task + "/attachments", user.token(), "big.pdf", "application/pdf", content)
			.text("id");
		UUID orgId = UUID.fromString(org);
		var before = owner.transaction(
				sql -> sql.selectFrom(ATTACHMENTS).where(ATTACHMENTS.ID.eq(UUID.fromString(attachment))).fetchOne());
		assertThat(before.getStreamKeyId()).isEqualTo(keys.primaryStreamKeyId(new OrgId(orgId)));

		rotation.rotate(new OrgId(orgId));
		assertThat(api().download("/api/v1/attachments/" + attachment, user.token()).body()).as("older key still reads")
			.isEqualTo(content);
		Thread.sleep(2500);
		runSealer();

		var after = owner.transaction(
				sql -> sql.selectFrom(ATTACHMENTS).where(ATTACHMENTS.ID.eq(UUID.fromString(attachment))).fetchOne());
		assertThat(after.getStreamKeyId()).isEqualTo(keys.primaryStreamKeyId(new OrgId(orgId)))
			.isNotEqualTo(before.getStreamKeyId());
		assertThat(after.getStorageName()).isNotEqualTo(before.getStorageName());
		var keyset = owner.transaction(sql -> sql.selectFrom(KEY_SETS)
			.where(KEY_SETS.ORG_ID.eq(orgId))
			.and(KEY_SETS.PURPOSE.eq("stream"))
			.fetchOne());
		assertThat(keyset.getKeyCount()).as("older file key retired").isEqualTo(1);
		assertThat(api().download("/api/v1/attachments/" + attachment, user.token()).body()).isEqualTo(content);
		java.nio.file.Path oldFile = HOME.resolve("attachments").resolve(before.getStorageName());
		assertThat(oldFile).as("kept until the next pass, for downloads opening it").exists();
		runSealer();
		assertThat(oldFile).doesNotExist();
	}

	@Test
	void filesStoredBeforeSealingAreSealed() throws Exception {
		TestUser user = api().newUser("legacy-file");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Old files"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		String task = api().create("/api/v1/projects/" + project + "/tasks", user.token(), Map.of("title", "Old"));
		byte[] content = "%PDF-1.4 stored in the clear long ago".getBytes(StandardCharsets.UTF_8);
		UUID id = UUID.randomUUID();
		String storage = "legacy" + id.toString().replace("-", "");
		java.nio.file.Files.write(HOME.resolve("attachments").resolve(storage), content);
		owner.transaction(sql -> sql.insertInto(ATTACHMENTS)
			.set(ATTACHMENTS.ID, id)
			.set(ATTACHMENTS.ORG_ID, UUID.fromString(org))
			.set(ATTACHMENTS.PROJECT_ID, UUID.fromString(project))
			.set(ATTACHMENTS.TASK_ID, UUID.fromString(task))
			.set(ATTACHMENTS.FILE_NAME, "old.pdf".getBytes(StandardCharsets.UTF_8))
			.set(ATTACHMENTS.PLAIN, true)
			.set(ATTACHMENTS.CONTENT_TYPE, "application/pdf")
			.set(ATTACHMENTS.SIZE_BYTES, (long) content.length)
			.set(ATTACHMENTS.SHA256, "0".repeat(64))
			.set(ATTACHMENTS.STORAGE_NAME, storage)
			.set(ATTACHMENTS.SEALED, false)
			.set(ATTACHMENTS.UPLOADED_BY, UUID.fromString(user.id()))
			.set(ATTACHMENTS.CREATED_AT, Instant.now())
			.execute());
		assertThat(api().download("/api/v1/attachments/" + id, user.token()).body()).isEqualTo(content);
		assertThat(api().get("/api/v1/tasks/" + task + "/attachments", user.token()).body()).contains("old.pdf");

		runSealer();
		runSealer();

		var row = owner.transaction(sql -> sql.selectFrom(ATTACHMENTS).where(ATTACHMENTS.ID.eq(id)).fetchOne());
		assertThat(row.getSealed()).isTrue();
		assertThat(row.getPlain()).isFalse();
		assertThat(new String(row.getFileName(), StandardCharsets.ISO_8859_1)).doesNotContain("old.pdf");
		assertThat(HOME.resolve("attachments").resolve(storage)).doesNotExist();
		byte[] stored = java.nio.file.Files.readAllBytes(HOME.resolve("attachments").resolve(row.getStorageName()));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("in the clear");
		assertThat(api().download("/api/v1/attachments/" + id, user.token()).body()).isEqualTo(content);
		assertThat(api().get("/api/v1/tasks/" + task + "/attachments", user.token()).body()).contains("old.pdf");
	}

}
