package dev.rampart.audit;

import static dev.rampart.db.schema.Tables.AUDIT_ENTRIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Old entries move to a signed JSON Lines file; the chain still verifies across the
 * boundary.
 */
class ArchiveIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	AuditArchives archives;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	AuditCheckpoints checkpoints;

	@TempDir
	Path directory;

	@Test
	void archivedEntriesLeaveTheDatabaseAndTheChainVerifiesAcrossTheBoundary() throws Exception {
		TestUser user = api().newUser("archive");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Archived"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		api().create("/api/v1/projects/" + project + "/tasks", user.token(), Map.of("title", "Before the archive"));
		UUID chain = UUID.fromString(org);
		checkpoints.checkpoint();

		List<AuditArchives.ArchivedFile> files = archives.archiveBefore(Instant.now(), directory, chain);

		assertThat(files).singleElement().satisfies(file -> {
			assertThat(file.fromSeq()).isEqualTo(1);
			assertThat(file.throughSeq()).isEqualTo(3);
		});
		Path file = files.get(0).file();
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		assertThat(lines).hasSize(3);
		assertThat(lines.get(2)).contains("task.create", "sealed:v1:").doesNotContain("Before the archive");
		assertThat(Files.readString(file.resolveSibling(file.getFileName() + ".sig"))).startsWith("local-ed25519-");
		// What remains: the entry recording the archive itself, then new activity.
		api().create("/api/v1/projects/" + project + "/tasks", user.token(), Map.of("title", "After the archive"));
		List<Long> remaining = owner.transaction(sql -> sql.select(AUDIT_ENTRIES.SEQ)
			.from(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.orderBy(AUDIT_ENTRIES.SEQ)
			.fetch(AUDIT_ENTRIES.SEQ));
		assertThat(remaining).containsExactly(4L, 5L);
		checkpoints.checkpoint();

		VerificationReport report = verifier.verify(chain, directory);
		assertThat(report.intact()).as("%s", report).isTrue();
		assertThat(report.chains()).singleElement().satisfies(c -> {
			assertThat(c.archivedThrough()).isEqualTo(3);
			assertThat(c.entriesChecked()).isEqualTo(2);
		});
		assertThat(verifier.verify(chain, null).intact()).isTrue();

		// Archived entries are gone from the database for good, and only an archive may
		// remove entries.
		assertThatThrownBy(() -> owner
			.transaction(sql -> sql.deleteFrom(AUDIT_ENTRIES).where(AUDIT_ENTRIES.CHAIN.eq(chain)).execute()))
			.hasMessageContaining("append-only");

		// A changed archive file is caught.
		Files.writeString(file, Files.readString(file).replace("task.create", "task.delete"));
		VerificationReport tampered = verifier.verify(chain, directory);
		assertThat(tampered.intact()).isFalse();
		assertThat(tampered.archiveProblems()).singleElement().asString().contains(file.getFileName().toString());
	}

}
