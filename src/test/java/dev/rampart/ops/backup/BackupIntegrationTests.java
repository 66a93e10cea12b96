package dev.rampart.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Backups of the running service's database (C20): taken while clients write, listed,
 * verified by a restore into a scratch PostgreSQL that compares every table and file with
 * the signed manifest; a changed byte, a changed manifest and a non-empty target are
 * refused. The restore into a new data directory and a service started on it:
 * BackupRestoreIT.
 */
class BackupIntegrationTests extends IntegrationTest {

	@Autowired
	Backups backups;

	@Test
	void aBackupTakenWhileClientsWriteVerifiesTableByTable(@TempDir Path copies) throws Exception {
		Api api = api();
		Api.TestUser owner = api.newUser("backup");
		String org = api.create("/api/v1/orgs", owner.token(), Map.of("name", "Backed up"));
		String project = api.create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "Plans"));
		String task = api.create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "Keep me"));
		byte[] file = "%PDF-1.4 the attachment a backup carries".getBytes(StandardCharsets.UTF_8);
		assertThat(
				api.upload("/api/v1/tasks/" + task + "/attachments", owner.token(), "plan.pdf", "application/pdf", file)
					.status())
			.isEqualTo(201);
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger written = new AtomicInteger();
		List<Thread> writers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Thread writer = new Thread(() -> {
				while (writing.get()) {
					if (api.post("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "During"))
						.status() == 201) {
						written.incrementAndGet();
					}
				}
			});
			writer.start();
			writers.add(writer);
		}
		Backups.Summary taken;
		try {
			Thread.sleep(300);
			taken = backups.create(Progress.NONE);
		}
		finally {
			writing.set(false);
			for (Thread writer : writers) {
				writer.join();
			}
		}
		assertThat(written.get()).as("tasks created while the backup ran").isPositive();
		assertThat(taken.signatureValid()).isTrue();
		assertThat(taken.files()).as("the attachment (sealed, as stored)").isPositive();
		assertThat(backups.list()).extracting(Backups.Summary::name).contains(taken.name());
		String manifest = Files.readString(taken.directory().resolve("manifest.json"));
		assertThat(manifest).doesNotContain("Keep me").doesNotContain(owner.email()).contains("\"tasks\"");
		assertThat(Files.readAllBytes(taken.directory().resolve("data.rbk")))
			.as("the archive is encrypted: no table name, no attachment header")
			.satisfies(
					bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("audit_entries")
						.doesNotContain("%PDF"));

		Backups.Outcome verified = backups.verify(taken.directory(), Progress.NONE);
		assertThat(verified.rows()).isEqualTo(taken.rows());
		assertThat(verified.tables()).isEqualTo(taken.tables());

		Path flipped = copy(taken.directory(), copies.resolve("flipped"));
		byte[] archive = Files.readAllBytes(flipped.resolve("data.rbk"));
		archive[archive.length / 2] ^= 0x01;
		Files.write(flipped.resolve("data.rbk"), archive);
		assertThatThrownBy(() -> backups.verify(flipped, Progress.NONE)).isInstanceOf(BackupRefused.class)
			.hasMessageContaining("does not match the checksum");

		Path edited = copy(taken.directory(), copies.resolve("edited"));
		Files.writeString(edited.resolve("manifest.json"),
				Files.readString(edited.resolve("manifest.json")).replaceFirst("\"rows\" : (\\d+)", "\"rows\" : $19"));
		assertThatThrownBy(() -> backups.verify(edited, Progress.NONE)).isInstanceOf(BackupRefused.class)
			.hasMessageContaining("signature does not verify");

		assertThatThrownBy(() -> backups.restore(taken.directory(), Progress.NONE)).isInstanceOf(BackupRefused.class)
			.hasMessageContaining("the database is not empty");
		assertThat(api.get("/api/v1/tasks/" + task, owner.token()).status()).as("nothing changed").isEqualTo(200);
	}

	@Autowired
	dev.rampart.db.OwnerDatabase ownerDatabase;

	@Test
	void aScheduledRunSkipsWhileAnotherNodesBackupRuns() throws Exception {
		int before = backups.list().size();
		try (java.sql.Connection otherNode = ownerDatabase.connect();
				java.sql.PreparedStatement lock = otherNode.prepareStatement("select pg_advisory_lock(?)")) {
			lock.setLong(1, Backups.BACKUP_LOCK);
			lock.execute();
			assertThat(backups.createUnlessRunning(Progress.NONE)).isNull();
			assertThat(backups.list()).hasSize(before);
		}
		assertThat(backups.createUnlessRunning(Progress.NONE)).isNotNull();
		assertThat(backups.list()).hasSize(before + 1);
	}

	private static Path copy(Path from, Path to) throws IOException {
		Files.createDirectories(to);
		try (Stream<Path> files = Files.list(from)) {
			for (Path file : files.toList()) {
				Files.copy(file, to.resolve(file.getFileName()));
			}
		}
		return to;
	}

}
