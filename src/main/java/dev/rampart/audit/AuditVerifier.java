package dev.rampart.audit;

import static dev.rampart.db.schema.Tables.AUDIT_ARCHIVES;
import static dev.rampart.db.schema.Tables.AUDIT_CHAIN_HEADS;
import static dev.rampart.db.schema.Tables.AUDIT_CHECKPOINTS;
import static dev.rampart.db.schema.Tables.AUDIT_ENTRIES;

import dev.rampart.db.OwnerDatabase;
import dev.rampart.keys.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Re-computes every chain (or one) from its start, or from the signed archive record
 * where older entries were archived, and checks every checkpoint's signature against the
 * key store and against the entries it signed. Runs as the database owner, for operators.
 */
@Component
public class AuditVerifier {

	private static final int BATCH = 5000;

	private static final byte[] GENESIS = new byte[32];

	private final OwnerDatabase owner;

	private final SigningKeys keys;

	private final AuditArchives archives;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditVerifier(OwnerDatabase owner, SigningKeys keys, AuditArchives archives) {
		this.owner = owner;
		this.keys = keys;
		this.archives = archives;
	}

	/**
	 * Verifies {@code onlyChain} (an organization id, or the platform chain), or every
	 * chain when null. With {@code archiveDirectory}, the archive files found there are
	 * verified as well.
	 */
	public VerificationReport verify(@Nullable UUID onlyChain, @Nullable Path archiveDirectory) {
		return owner.transaction(sql -> {
			List<String> archiveProblems = new ArrayList<>();
			Map<UUID, ArchivePoint> archived = archivePoints(sql, archiveProblems);
			if (archiveDirectory != null) {
				archiveProblems.addAll(archives.verifyFiles(sql, archiveDirectory));
			}
			TreeSet<UUID> chains = new TreeSet<>(
					sql.selectDistinct(AUDIT_CHAIN_HEADS.CHAIN).from(AUDIT_CHAIN_HEADS).fetch(AUDIT_CHAIN_HEADS.CHAIN));
			chains.addAll(sql.selectDistinct(AUDIT_ENTRIES.CHAIN).from(AUDIT_ENTRIES).fetch(AUDIT_ENTRIES.CHAIN));
			List<VerificationReport.ChainResult> results = new ArrayList<>();
			for (UUID chain : chains) {
				if (onlyChain == null || onlyChain.equals(chain)) {
					results.add(verifyChain(sql, chain, archived.get(chain)));
				}
			}
			List<String> checkpointProblems = new ArrayList<>();
			int checkpoints = verifyCheckpoints(sql, onlyChain, archived, checkpointProblems);
			return new VerificationReport(results, checkpointProblems, archiveProblems, checkpoints);
		});
	}

	/**
	 * Where a chain continues after its newest archive: the signed last hash and sequence
	 * number.
	 */
	record ArchivePoint(long throughSeq, byte[] lastHash) {
	}

	private Map<UUID, ArchivePoint> archivePoints(DSLContext sql, List<String> problems) {
		Map<UUID, ArchivePoint> points = new LinkedHashMap<>();
		for (Record r : sql.selectFrom(AUDIT_ARCHIVES).orderBy(AUDIT_ARCHIVES.ID).fetch()) {
			AuditArchives.Archive archive = AuditArchives.archive(r);
			if (!keys.verify(archive.keyId(), archive.signedBytes(), archive.signature())) {
				problems.add("archive record " + archive.id() + " of chain " + archive.chain()
						+ " has an invalid signature (changed, or signed by a key this key store does not hold)");
				continue;
			}
			ArchivePoint previous = points.get(archive.chain());
			long expectedFrom = previous == null ? 1 : previous.throughSeq() + 1;
			if (archive.fromSeq() != expectedFrom) {
				problems.add("archive record " + archive.id() + " of chain " + archive.chain() + " starts at #"
						+ archive.fromSeq() + ", expected #" + expectedFrom);
			}
			points.put(archive.chain(), new ArchivePoint(archive.throughSeq(), archive.lastHash()));
		}
		return points;
	}

	private VerificationReport.ChainResult verifyChain(DSLContext sql, UUID chain, @Nullable ArchivePoint archived) {
		long expectedSeq = archived == null ? 1 : archived.throughSeq() + 1;
		byte[] expectedPrev = archived == null ? GENESIS : archived.lastHash();
		long checked = 0;
		long after = expectedSeq - 1;
		while (true) {
			List<AuditEntry> batch = AuditLog.chainSlice(sql, chain, after, BATCH);
			for (AuditEntry entry : batch) {
				String problem = null;
				if (entry.seq() != expectedSeq) {
					problem = entry.seq() > expectedSeq ? "entry #" + expectedSeq + " is missing (deleted)"
							: "entry #" + entry.seq() + " is out of place";
				}
				else if (!MessageDigest.isEqual(entry.prevHash(), expectedPrev)) {
					problem = "entry #" + entry.seq() + " does not follow entry #" + (entry.seq() - 1)
							+ " (entries reordered, or the previous entry replaced)";
				}
				else if (!MessageDigest.isEqual(entry.hash(),
						AuditEntry.chainHash(entry.prevHash(), entry.seq(), entry.canonical()))) {
					problem = "entry #" + entry.seq() + " was changed after it was written (hash mismatch)";
				}
				if (problem != null) {
					return new VerificationReport.ChainResult(chain, checked, expectedSeqBase(archived),
							Math.min(entry.seq(), expectedSeq), problem);
				}
				checked++;
				expectedSeq++;
				expectedPrev = entry.hash();
			}
			if (batch.size() < BATCH) {
				break;
			}
			after = batch.get(batch.size() - 1).seq();
		}
		Long headSeq = sql.select(AUDIT_CHAIN_HEADS.SEQ)
			.from(AUDIT_CHAIN_HEADS)
			.where(AUDIT_CHAIN_HEADS.CHAIN.eq(chain))
			.fetchOne(AUDIT_CHAIN_HEADS.SEQ);
		if (headSeq != null && headSeq >= expectedSeq) {
			return new VerificationReport.ChainResult(chain, checked, expectedSeqBase(archived), expectedSeq,
					"entries #" + expectedSeq + " to #" + headSeq + " are missing (deleted from the end)");
		}
		return new VerificationReport.ChainResult(chain, checked, expectedSeqBase(archived), null, null);
	}

	private static long expectedSeqBase(@Nullable ArchivePoint archived) {
		return archived == null ? 0 : archived.throughSeq();
	}

	private int verifyCheckpoints(DSLContext sql, @Nullable UUID onlyChain, Map<UUID, ArchivePoint> archived,
			List<String> problems) {
		int verified = 0;
		long after = 0;
		while (true) {
			var batch = sql.selectFrom(AUDIT_CHECKPOINTS)
				.where(AUDIT_CHECKPOINTS.ID.gt(after))
				.orderBy(AUDIT_CHECKPOINTS.ID)
				.limit(500)
				.fetch();
			for (var checkpoint : batch) {
				after = checkpoint.getId();
				byte[] payload = checkpoint.getPayload().getBytes(StandardCharsets.UTF_8);
				if (!keys.verify(checkpoint.getKeyId(), payload, checkpoint.getSignature())) {
					problems.add("checkpoint " + checkpoint.getId()
							+ " has an invalid signature (changed, or signed by a key this key store does not hold)");
					continue;
				}
				verified++;
				for (JsonNode head : json.readTree(checkpoint.getPayload()).get("heads")) {
					UUID chain = UUID.fromString(head.get("chain").asString());
					if (onlyChain != null && !onlyChain.equals(chain)) {
						continue;
					}
					long seq = head.get("seq").asLong();
					byte[] hash = HexFormat.of().parseHex(head.get("hash").asString());
					Optional<byte[]> actual = hashAt(sql, chain, seq, archived.get(chain));
					if (actual.isPresent() && !MessageDigest.isEqual(actual.get(), hash)) {
						problems.add("checkpoint " + checkpoint.getId() + " signed entry #" + seq + " of chain " + chain
								+ " with a different hash: the chain was rewritten from there or before");
					}
					else if (actual.isEmpty()
							&& (archived.get(chain) == null || seq > archived.get(chain).throughSeq())) {
						problems.add("checkpoint " + checkpoint.getId() + " signed entry #" + seq + " of chain " + chain
								+ ", which is missing");
					}
				}
			}
			if (batch.size() < 500) {
				return verified;
			}
		}
	}

	/**
	 * The entry's hash, from the table or (for the last archived one) the archive record.
	 */
	private static Optional<byte[]> hashAt(DSLContext sql, UUID chain, long seq, @Nullable ArchivePoint archived) {
		if (archived != null && seq <= archived.throughSeq()) {
			return seq == archived.throughSeq() ? Optional.of(archived.lastHash()) : Optional.empty();
		}
		return sql.select(AUDIT_ENTRIES.HASH)
			.from(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.and(AUDIT_ENTRIES.SEQ.eq(seq))
			.fetchOptional(AUDIT_ENTRIES.HASH);
	}

}
