package dev.rampart.audit;

import static dev.rampart.db.schema.Tables.AUDIT_ENTRIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Eight clients create tasks in one organization at once for ten seconds: every change
 * has its entry, the sequence has no gaps or duplicates, and the chain verifies.
 * (Throughput is measured by bench/audit.sh, not asserted here.)
 */
class ConcurrentWritersIntegrationTests extends IntegrationTest {

	private static final int WRITERS = 8;

	private static final long SECONDS = Long.getLong("rampart.test.concurrent-writers-seconds", 10);

	@Autowired
	OwnerDatabase owner;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	AuditCheckpoints checkpoints;

	@Test
	void eightParallelWritersInOneOrganizationLeaveAChainThatVerifies() throws Exception {
		TestUser user = api().newUser("concurrent");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Busy"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		AtomicInteger created = new AtomicInteger();
		long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
		ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
		List<Future<?>> writers = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			writers.add(pool.submit(() -> {
				int i = 0;
				while (System.nanoTime() < deadline) {
					var response = api().post("/api/v1/projects/" + project + "/tasks", user.token(),
							Map.of("title", "Writer " + writer + " task " + i++));
					assertThat(response.status()).isEqualTo(201);
					created.incrementAndGet();
					if (i % 200 == 0) {
						checkpoints.checkpoint();
					}
				}
			}));
		}
		for (Future<?> writer : writers) {
			writer.get();
		}
		pool.shutdown();
		checkpoints.checkpoint();
		UUID chain = UUID.fromString(org);
		List<Long> seqs = owner.transaction(sql -> sql.select(AUDIT_ENTRIES.SEQ)
			.from(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.and(AUDIT_ENTRIES.ACTION.eq("task.create"))
			.orderBy(AUDIT_ENTRIES.SEQ)
			.fetch(AUDIT_ENTRIES.SEQ));
		assertThat(seqs).hasSize(created.get()).doesNotHaveDuplicates();
		VerificationReport report = verifier.verify(chain, null);
		assertThat(report.intact()).as("%s", report).isTrue();
		assertThat(report.entriesChecked()).isEqualTo(created.get() + 2L);
		System.out.printf("%d writers, one organization: %d audited task creations in %d s (%.0f/s over HTTPS)%n",
				WRITERS, created.get(), SECONDS, created.get() / (double) SECONDS);
	}

}
