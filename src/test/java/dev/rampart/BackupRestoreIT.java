package dev.rampart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A backup taken by the running service on its schedule while 16 clients write (C20),
 * restored into a new data directory with the environment's keys: the restored service
 * answers the same data, every creation acknowledged before the snapshot began is there
 * with its activity-log entry, and the log verifies. An organization deleted after the
 * backup stays deleted and unreadable (crypto-shredding across backups). A backup with
 * one flipped byte is refused. Figures are printed.
 */
class BackupRestoreIT {

	private static final Map<String, String> SETTINGS = Map.of("rampart.backup.schedule", "*/15 * * * * *",
			"rampart.rate-limit.per-address", "100000000", "rampart.rate-limit.per-user", "100000000",
			"rampart.rate-limit.per-token", "100000000");

	@Test
	void aBackupTakenUnderLoadRestoresIntoANewDataDirectory() throws Exception {
		Path original = Files.createTempDirectory("rampart-backup-a-");
		Path restored = Files.createTempDirectory("rampart-backup-b-");
		Set<String> acknowledgedBeforeTheSnapshot;
		Path backup;
		String keptTask;
		String keptTaskAnswer;
		String deletedOrg;
		String token;
		try (RampartProcess rampart = RampartProcess.start(original, Map.of(), SETTINGS)) {
			rampart.awaitReady(Duration.ofMinutes(2));
			Api api = rampart.api();
			Api.TestUser user = api.newUser("backup");
			token = user.token();
			deletedOrg = api.create("/api/v1/orgs", token, Map.of("name", "Deleted after the backup"));
			String secretProject = api.create("/api/v1/orgs/" + deletedOrg + "/projects", token,
					Map.of("name", "Merger"));
			api.create("/api/v1/projects/" + secretProject + "/tasks", token, Map.of("title", "Acquire Initech"));
			String org = api.create("/api/v1/orgs", token, Map.of("name", "Kept"));
			String project = api.create("/api/v1/orgs/" + org + "/projects", token, Map.of("name", "Plans"));
			keptTask = api.create("/api/v1/projects/" + project + "/tasks", token, Map.of("title", "Keep me"));
			keptTaskAnswer = api.get("/api/v1/tasks/" + keptTask, token).body();
			TaskLoad load = new TaskLoad(api, token, project, 16);
			load.start();
			Path backups = original.resolve("backups");
			Set<String> seenAtTheStart = null;
			long waitUntil = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			Optional<Path> done = Optional.empty();
			while (done.isEmpty() && System.nanoTime() < waitUntil) {
				if (seenAtTheStart == null && named(backups, ".partial").isPresent()) {
					seenAtTheStart = load.acknowledged();
				}
				done = seenAtTheStart == null ? Optional.empty() : named(backups, "");
				Thread.sleep(5);
			}
			load.stop();
			assertThat(done).as("a scheduled backup within 90 s").isPresent();
			acknowledgedBeforeTheSnapshot = seenAtTheStart;
			backup = done.get();
			System.out.printf("[backup] taken under load: %d creations acknowledged before the snapshot, %d in all%n",
					acknowledgedBeforeTheSnapshot.size(), load.acknowledged().size());
			assertThat(api.call("DELETE", "/api/v1/orgs/" + deletedOrg, token, null).status()).isEqualTo(204);
		}

		// The environment's keys and secrets go with it; the data comes from the backup.
		RampartProcess.copyTree(original.resolve("keys"), restored.resolve("keys"));
		RampartProcess.copyTree(original.resolve("secrets"), restored.resolve("secrets"));

		Path flipped = Files.createTempDirectory("rampart-backup-flipped-").resolve(backup.getFileName());
		RampartProcess.copyTree(backup, flipped);
		byte[] archive = Files.readAllBytes(flipped.resolve("data.rbk"));
		archive[archive.length / 3] ^= 0x10;
		Files.write(flipped.resolve("data.rbk"), archive);
		RampartProcess.CommandResult refused = RampartProcess.command(restored, Map.of(), "backup", "restore",
				flipped.toString());
		assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
		assertThat(refused.output()).contains("does not match the checksum its signed manifest records");

		long started = System.nanoTime();
		RampartProcess.CommandResult restore = RampartProcess.command(restored, Map.of(), "backup", "restore",
				backup.toString());
		long restoreMillis = (System.nanoTime() - started) / 1_000_000;
		assertThat(restore.exitCode()).as(restore.output()).isZero();
		assertThat(restore.output()).contains("Restored " + backup.getFileName())
			.contains("1 organizations deleted after this backup was taken stay deleted")
			.contains(deletedOrg);
		System.out.printf("[backup] restored %s in %d ms (%,d bytes)%n", backup.getFileName(), restoreMillis,
				Files.size(backup.resolve("data.rbk")));

		try (RampartProcess again = RampartProcess.start(restored, Map.of(), SETTINGS)) {
			again.awaitReady(Duration.ofMinutes(2));
			Api api = again.api();
			assertThat(api.get("/api/v1/tasks/" + keptTask, token).body()).as("the same answer")
				.isEqualTo(keptTaskAnswer);
			assertThat(api.get("/api/v1/orgs/" + deletedOrg, token).status()).as("deleted stays deleted")
				.isEqualTo(404);
			StoredWrites stored = StoredWrites.ofEmbedded(restored, acknowledgedBeforeTheSnapshot);
			assertThat(stored.tasks()).containsExactlyInAnyOrderElementsOf(acknowledgedBeforeTheSnapshot);
			assertThat(stored.auditedCreations()).containsExactlyInAnyOrderElementsOf(acknowledgedBeforeTheSnapshot);
		}
		RampartProcess.CommandResult verify = RampartProcess.command(restored, Map.of(), "audit", "verify");
		assertThat(verify.exitCode()).as(verify.output()).isZero();
		assertThat(verify.output()).contains("Activity log intact");
		RampartProcess.CommandResult verified = RampartProcess.command(restored, Map.of(), "backup", "verify",
				backup.toString());
		assertThat(verified.exitCode()).as(verified.output()).isZero();
		assertThat(verified.output()).contains("verified");
	}

	/** A backup directory (or, with ".partial", one being written). */
	private static Optional<Path> named(Path backups, String suffix) throws IOException {
		if (!Files.isDirectory(backups)) {
			return Optional.empty();
		}
		try (Stream<Path> listed = Files.list(backups)) {
			return listed.filter(p -> p.getFileName().toString().startsWith("rampart-"))
				.filter(p -> suffix.isEmpty() ? !p.getFileName().toString().endsWith(".partial")
						: p.getFileName().toString().endsWith(suffix))
				.findFirst();
		}
	}

}
