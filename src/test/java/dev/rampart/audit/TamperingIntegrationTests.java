package dev.rampart.audit;

import static dev.rampart.db.schema.Tables.AUDIT_CHAIN_HEADS;
import static dev.rampart.db.schema.Tables.AUDIT_ENTRIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.db.schema.tables.records.AuditEntriesRecord;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Someone with the database owner's rights switches the append-only trigger off and
 * changes the log: {@code audit verify} names the first broken entry for each kind of
 * change. Each test puts the log back as it was and shows that it then verifies again.
 */
class TamperingIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	AuditCheckpoints checkpoints;

	private UUID chain;

	@BeforeEach
	void aChainOfSixEntries() {
		TestUser user = api().newUser("tamper");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Tampered"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		for (int i = 1; i <= 4; i++) {
			api().create("/api/v1/projects/" + project + "/tasks", user.token(), Map.of("title", "Task " + i));
		}
		chain = UUID.fromString(org);
		checkpoints.checkpoint();
		assertThat(entries()).hasSize(6);
		assertThat(verifier.verify(chain, null).intact()).isTrue();
	}

	@Test
	void aChangedPayloadIsReportedAtThatEntry() {
		AuditEntriesRecord third = entries().get(2);
		tamper(sql -> sql.update(AUDIT_ENTRIES)
			.set(AUDIT_ENTRIES.DATA, "{\"title\":\"Innocent\"}")
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.and(AUDIT_ENTRIES.SEQ.eq(3L))
			.execute());
		assertBrokenAt(3, "entry #3 was changed");
		tamper(sql -> sql.update(AUDIT_ENTRIES)
			.set(AUDIT_ENTRIES.DATA, third.getData())
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.and(AUDIT_ENTRIES.SEQ.eq(3L))
			.execute());
		assertThat(verifier.verify(chain, null).intact()).isTrue();
	}

	@Test
	void aDeletedEntryIsReportedAsMissing() {
		AuditEntriesRecord second = entries().get(1);
		tamper(sql -> sql.deleteFrom(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.and(AUDIT_ENTRIES.SEQ.eq(2L))
			.execute());
		assertBrokenAt(2, "entry #2 is missing");
		second.changed(true);
		tamper(sql -> sql.executeInsert(second));
		assertThat(verifier.verify(chain, null).intact()).isTrue();
	}

	@Test
	void theLastEntriesDeletedAreReportedEvenWithoutAChecksumOfThem() {
		AuditEntriesRecord last = entries().get(5);
		tamper(sql -> sql.deleteFrom(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.and(AUDIT_ENTRIES.SEQ.eq(6L))
			.execute());
		assertBrokenAt(6, "entries #6 to #6 are missing");
		last.changed(true);
		tamper(sql -> sql.executeInsert(last));
		assertThat(verifier.verify(chain, null).intact()).isTrue();
	}

	@Test
	void twoReorderedEntriesAreReportedWhereTheOrderBreaks() {
		swapFourAndFive();
		assertBrokenAt(4, "entry #4 does not follow entry #3");
		swapFourAndFive();
		assertThat(verifier.verify(chain, null).intact()).isTrue();
	}

	@Test
	void aChainRewrittenWithFreshHashesStillFailsItsSignedCheckpoint() {
		List<AuditEntriesRecord> original = entries();
		tamper(sql -> {
			byte[] prev = original.get(1).getHash();
			for (AuditEntriesRecord entry : original.subList(2, original.size())) {
				AuditEntry forged = AuditLog.entry(entry);
				String data = entry.getSeq() == 3 ? "{\"title\":\"Rewritten history\"}" : entry.getData();
				AuditEntry rewritten = new AuditEntry(forged.chain(), forged.seq(), forged.at(), forged.actorId(),
						forged.tokenId(), forged.action(), forged.targetKind(), forged.targetId(), forged.outcome(),
						forged.address(), forged.userAgent(), forged.requestId(), data, forged.detail(), prev,
						new byte[0]);
				byte[] hash = AuditEntry.chainHash(prev, entry.getSeq(), rewritten.canonical());
				sql.update(AUDIT_ENTRIES)
					.set(AUDIT_ENTRIES.DATA, data)
					.set(AUDIT_ENTRIES.PREV_HASH, prev)
					.set(AUDIT_ENTRIES.HASH, hash)
					.where(AUDIT_ENTRIES.CHAIN.eq(chain))
					.and(AUDIT_ENTRIES.SEQ.eq(entry.getSeq()))
					.execute();
				prev = hash;
			}
			sql.update(AUDIT_CHAIN_HEADS)
				.set(AUDIT_CHAIN_HEADS.HASH, prev)
				.where(AUDIT_CHAIN_HEADS.CHAIN.eq(chain))
				.execute();
		});
		VerificationReport report = verifier.verify(chain, null);
		assertThat(report.chains()).singleElement().satisfies(c -> assertThat(c.intact()).isTrue());
		assertThat(report.intact()).isFalse();
		assertThat(report.checkpointProblems()).singleElement()
			.asString()
			.contains("signed entry #6 of chain " + chain, "rewritten");
		tamper(sql -> {
			for (AuditEntriesRecord entry : original) {
				sql.update(AUDIT_ENTRIES)
					.set(AUDIT_ENTRIES.DATA, entry.getData())
					.set(AUDIT_ENTRIES.PREV_HASH, entry.getPrevHash())
					.set(AUDIT_ENTRIES.HASH, entry.getHash())
					.where(AUDIT_ENTRIES.CHAIN.eq(chain))
					.and(AUDIT_ENTRIES.SEQ.eq(entry.getSeq()))
					.execute();
			}
			sql.update(AUDIT_CHAIN_HEADS)
				.set(AUDIT_CHAIN_HEADS.HASH, original.get(5).getHash())
				.where(AUDIT_CHAIN_HEADS.CHAIN.eq(chain))
				.execute();
		});
		assertThat(verifier.verify(chain, null).intact()).isTrue();
	}

	@Test
	void anUntouchedLogVerifiesEveryChainAndCheckpoint() {
		VerificationReport report = verifier.verify(null, null);
		assertThat(report.chains()).hasSizeGreaterThan(1);
		assertThat(report.chains()).allMatch(VerificationReport.ChainResult::intact);
		assertThat(report.checkpointProblems()).isEmpty();
		assertThat(report.checkpointsVerified()).isPositive();
	}

	private void swapFourAndFive() {
		tamper(sql -> {
			for (long[] move : new long[][] { { 4, -4 }, { 5, 4 }, { -4, 5 } }) {
				sql.update(AUDIT_ENTRIES)
					.set(AUDIT_ENTRIES.SEQ, move[1])
					.where(AUDIT_ENTRIES.CHAIN.eq(chain))
					.and(AUDIT_ENTRIES.SEQ.eq(move[0]))
					.execute();
			}
		});
	}

	private void assertBrokenAt(long seq, String problem) {
		VerificationReport report = verifier.verify(chain, null);
		assertThat(report.intact()).isFalse();
		assertThat(report.chains()).singleElement().satisfies(c -> {
			assertThat(c.firstBrokenSeq()).isEqualTo(seq);
			assertThat(c.firstBroken()).contains(problem);
		});
	}

	private List<AuditEntriesRecord> entries() {
		return owner.transaction(sql -> sql.selectFrom(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.orderBy(AUDIT_ENTRIES.SEQ)
			.fetch());
	}

	/**
	 * Runs {@code change} as the owner with the append-only trigger switched off, as an
	 * attacker would.
	 */
	private void tamper(Consumer<DSLContext> change) {
		owner.transaction(sql -> {
			sql.execute("alter table rampart.audit_entries disable trigger audit_entries_append_only");
			change.accept(sql);
			sql.execute("alter table rampart.audit_entries enable trigger audit_entries_append_only");
			return null;
		});
	}

}
