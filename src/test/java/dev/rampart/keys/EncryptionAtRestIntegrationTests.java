package dev.rampart.keys;

import static dev.rampart.db.schema.Tables.TASKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.shared.OrgId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Organization and project names, titles, descriptions, comments, attachments and their
 * file names, and account emails and names written through the API exist only sealed: not
 * in any table read as the owner, not in any file of the data directory (database files,
 * WAL, logs); a ciphertext moved to another row or changed does not open.
 */
class EncryptionAtRestIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	FieldCipher cipher;

	@Test
	void contentWrittenThroughTheApiIsNowhereInPlaintext() throws IOException {
		String marker = "MARKER" + UUID.randomUUID().toString().replace("-", "");
		// The account's email and display name carry a marker of their own (emails are
		// lower-cased).
		String person = "person" + UUID.randomUUID().toString().replace("-", "");
		TestUser user = api().newUser(person);
		assertThat(api().get("/api/v1/me", user.token()).body()).contains(user.email(), "\"" + person + "\"");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "org " + marker));
		String project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "project " + marker, "description", "about " + marker));
		String task = api().create("/api/v1/projects/" + project + "/tasks", user.token(),
				Map.of("title", "title " + marker, "description", "description " + marker));
		api().post("/api/v1/tasks/" + task + "/comments", user.token(), Map.of("body", "comment " + marker));
		api().post("/api/v1/tasks/" + task + "/checklist", user.token(), Map.of("text", "item " + marker));
		String milestone = api().create("/api/v1/projects/" + project + "/milestones", user.token(),
				Map.of("name", "milestone " + marker));
		api().create("/api/v1/orgs/" + org + "/labels", user.token(),
				Map.of("name", "label" + marker, "colour", "#000000"));
		api().call("PATCH", "/api/v1/tasks/" + task, user.token(), Map.of("title", "renamed " + marker),
				Map.of("If-Match", "\"1\""));
		String template = api().create("/api/v1/orgs/" + org + "/templates", user.token(),
				Map.of("format", "rampart.process-template/1", "name", "template " + marker, "phases",
						List.of(Map.of("name", "phase " + marker, "steps",
								List.of(Map.of("key", "step", "title", "step " + marker, "instructions",
										"instructions " + marker, "checklist", List.of("check " + marker)))))));
		byte[] file = ("%PDF-1.4 attachment " + marker + " ").repeat(50_000).getBytes(StandardCharsets.UTF_8);
		String attachment = api()
			.upload("/api/v1/tasks/" + task + "/attachments", user.token(), "plan " + marker + ".pdf",
					"application/pdf", file)
			.text("id");
		assertThat(api().get("/api/v1/tasks/" + task + "/attachments", user.token()).body())
			.contains("plan " + marker + ".pdf");
		assertThat(api().get("/api/v1/orgs/" + org, user.token()).text("name")).isEqualTo("org " + marker);
		Response projectRead = api().get("/api/v1/projects/" + project, user.token());
		assertThat(projectRead.text("name")).isEqualTo("project " + marker);
		assertThat(projectRead.text("description")).isEqualTo("about " + marker);
		assertThat(api().download("/api/v1/attachments/" + attachment, user.token()).body()).isEqualTo(file);

		Response read = api().get("/api/v1/tasks/" + task, user.token());
		assertThat(read.text("title")).isEqualTo("renamed " + marker);
		assertThat(read.text("description")).isEqualTo("description " + marker);
		assertThat(api().get("/api/v1/tasks/" + task + "/comments", user.token()).body()).contains("comment " + marker);
		assertThat(api().get("/api/v1/tasks/" + task + "/checklist", user.token()).body()).contains("item " + marker);
		assertThat(api().get("/api/v1/milestones/" + milestone, user.token()).text("name"))
			.isEqualTo("milestone " + marker);
		assertThat(api().get("/api/v1/orgs/" + org + "/labels", user.token()).body()).contains("label" + marker);
		assertThat(api().get("/api/v1/templates/" + template + "/versions/1", user.token()).body()).contains(
				"template " + marker, "phase " + marker, "step " + marker, "instructions " + marker, "check " + marker);

		assertThat(api().get("/api/v1/orgs/" + org + "/members", user.token()).body()).contains(user.email(), person);

		String rows = everyRowAsText();
		assertThat(rows).doesNotContain(marker).doesNotContain(person);
		assertThat(filesUnder(HOME, marker.getBytes(StandardCharsets.UTF_8))).isEmpty();
		assertThat(filesUnder(HOME, person.getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	@Test
	void aCiphertextMovedToAnotherRowOrChangedDoesNotOpen() {
		TestUser user = api().newUser("moved");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Moved"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		String first = api().create("/api/v1/projects/" + project + "/tasks", user.token(), Map.of("title", "First"));
		String second = api().create("/api/v1/projects/" + project + "/tasks", user.token(), Map.of("title", "Second"));
		byte[] firstTitle = owner.transaction(sql -> sql.select(TASKS.TITLE)
			.from(TASKS)
			.where(TASKS.ID.eq(UUID.fromString(first)))
			.fetchOne(TASKS.TITLE));
		OrgId orgId = new OrgId(UUID.fromString(org));
		assertThat(cipher.open(orgId, FieldCipher.Column.TASK_TITLE, UUID.fromString(first), firstTitle))
			.isEqualTo("First");
		assertThatThrownBy(() -> cipher.open(orgId, FieldCipher.Column.TASK_TITLE, UUID.fromString(second), firstTitle))
			.isInstanceOf(FieldCipher.SealedValueUnreadable.class);
		assertThatThrownBy(
				() -> cipher.open(orgId, FieldCipher.Column.TASK_DESCRIPTION, UUID.fromString(first), firstTitle))
			.isInstanceOf(FieldCipher.SealedValueUnreadable.class);
		assertThatThrownBy(
				() -> cipher.open(OrgId.random(), FieldCipher.Column.TASK_TITLE, UUID.fromString(first), firstTitle))
			.isInstanceOf(FieldCipher.SealedValueUnreadable.class);
		byte[] changed = firstTitle.clone();
		changed[changed.length - 3] ^= 0x20;
		assertThatThrownBy(() -> cipher.open(orgId, FieldCipher.Column.TASK_TITLE, UUID.fromString(first), changed))
			.isInstanceOf(FieldCipher.SealedValueUnreadable.class);

		// Through the API: the moved title is an error with an id, never another row's
		// text.
		owner.transaction(sql -> sql.update(TASKS)
			.set(TASKS.TITLE, firstTitle)
			.where(TASKS.ID.eq(UUID.fromString(second)))
			.execute());
		Response moved = api().get("/api/v1/tasks/" + second, user.token());
		assertThat(moved.status()).isEqualTo(500);
		assertThat(moved.body()).contains("errorId").doesNotContain("First");
	}

	private String everyRowAsText() {
		return owner.transaction(sql -> {
			StringBuilder out = new StringBuilder();
			for (String table : sql.fetch("select tablename from pg_tables where schemaname = 'rampart'")
				.getValues(0, String.class)) {
				sql.fetch("select t::text from rampart.\"" + table.replace("\"", "") + "\" t")
					.forEach(r -> out.append(r.get(0)).append('\n'));
			}
			return out.toString();
		});
	}

	/** Files under {@code root} that contain {@code needle}. */
	private static List<Path> filesUnder(Path root, byte[] needle) throws IOException {
		List<Path> found = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				byte[] bytes;
				try {
					bytes = Files.readAllBytes(file);
				}
				catch (IOException vanished) {
					continue;
				}
				if (indexOf(bytes, needle) >= 0) {
					found.add(file);
				}
			}
		}
		return found;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
