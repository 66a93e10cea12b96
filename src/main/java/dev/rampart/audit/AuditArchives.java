package dev.rampart.audit;

import static dev.rampart.db.schema.Tables.AUDIT_ARCHIVES;
import static dev.rampart.db.schema.Tables.AUDIT_CHAIN_HEADS;
import static dev.rampart.db.schema.Tables.AUDIT_ENTRIES;

import dev.rampart.db.OwnerDatabase;
import dev.rampart.keys.SigningKeys;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.RampartHome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves entries older than a number of days out of the database into signed JSON Lines
 * files, one per chain and run ({@code audit-<chain>-<from>-<through>.jsonl} plus
 * {@code .sig}). The archive record (signed too) keeps the last archived hash, so the
 * chain in the database still verifies from there, and the files verify on their own and
 * against the record.
 * <p>
 * Longer than most classes because archiving is one procedure (select, write, sign,
 * record, delete in one transaction) whose steps only make sense together.
 */
@Component
public class AuditArchives {

	private static final int BATCH = 5000;

	private final OwnerDatabase owner;

	private final SigningKeys keys;

	private final AuditTrail trail;

	private final Path defaultDirectory;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditArchives(OwnerDatabase owner, SigningKeys keys, AuditTrail trail, AuditSettings settings, RampartHome home,
			Clock clock) {
		this.owner = owner;
		this.keys = keys;
		this.trail = trail;
		this.defaultDirectory = settings.archiveDirectory() != null ? settings.archiveDirectory()
				: home.path().resolve("audit-archive");
		this.clock = clock;
	}

	/** A signed archive record. */
	record Archive(long id, UUID chain, long fromSeq, long throughSeq, byte[] lastHash, String fileName,
			byte[] fileSha256, String keyId, byte[] signature) {

		byte[] signedBytes() {
			return signedText(chain, fromSeq, throughSeq, lastHash, fileName, fileSha256)
				.getBytes(StandardCharsets.UTF_8);
		}

	}

	/** One file written by {@link #archive}. */
	public record ArchivedFile(UUID chain, long fromSeq, long throughSeq, Path file) {
	}

	public Path defaultDirectory() {
		return defaultDirectory;
	}

	static Archive archive(Record r) {
		return new Archive(r.get(AUDIT_ARCHIVES.ID), r.get(AUDIT_ARCHIVES.CHAIN), r.get(AUDIT_ARCHIVES.FROM_SEQ),
				r.get(AUDIT_ARCHIVES.THROUGH_SEQ), r.get(AUDIT_ARCHIVES.LAST_HASH), r.get(AUDIT_ARCHIVES.FILE_NAME),
				r.get(AUDIT_ARCHIVES.FILE_SHA256), r.get(AUDIT_ARCHIVES.KEY_ID), r.get(AUDIT_ARCHIVES.SIGNATURE));
	}

	static String signedText(UUID chain, long from, long through, byte[] lastHash, String fileName, byte[] sha256) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("chain", chain.toString());
		fields.put("fromSeq", from);
		fields.put("throughSeq", through);
		fields.put("lastHash", HexFormat.of().formatHex(lastHash));
		fields.put("fileName", fileName);
		fields.put("fileSha256", HexFormat.of().formatHex(sha256));
		return CanonicalJson.write(fields);
	}

	/**
	 * Archives, for every chain, the run of oldest entries written more than
	 * {@code olderThanDays} days ago, into {@code directory}. Each chain is one owner
	 * transaction: the file is written and flushed to disk before the entries are
	 * deleted, and the deletion is recorded in the chain.
	 */
	public List<ArchivedFile> archive(int olderThanDays, Path directory, @Nullable UUID onlyChain) {
		if (olderThanDays < 1) {
			throw new IllegalArgumentException("archive only entries at least one day old");
		}
		return archiveBefore(Clocks.now(clock).minus(java.time.Duration.ofDays(olderThanDays)), directory, onlyChain);
	}

	/**
	 * Archives entries written before {@code cutoff}, of every chain or of
	 * {@code onlyChain}.
	 */
	public List<ArchivedFile> archiveBefore(Instant cutoff, Path directory, @Nullable UUID onlyChain) {
		createDirectory(directory);
		List<UUID> chains = owner.transaction(sql -> sql.select(AUDIT_CHAIN_HEADS.CHAIN)
			.from(AUDIT_CHAIN_HEADS)
			.where(onlyChain == null ? DSL.noCondition() : AUDIT_CHAIN_HEADS.CHAIN.eq(onlyChain))
			.orderBy(AUDIT_CHAIN_HEADS.CHAIN)
			.fetch(AUDIT_CHAIN_HEADS.CHAIN));
		List<ArchivedFile> files = new ArrayList<>();
		for (UUID chain : chains) {
			ArchivedFile file = owner.transaction(sql -> archiveChain(sql, chain, cutoff, directory));
			if (file != null) {
				files.add(file);
				OrgId org = AuditEntry.PLATFORM_CHAIN.equals(chain) ? null : new OrgId(chain);
				trail.recordOperation("audit.archive", org, Map.of("fromSeq", file.fromSeq(), "throughSeq",
						file.throughSeq(), "fileName", String.valueOf(file.file().getFileName())), Outcome.SUCCESS,
						null);
			}
		}
		return files;
	}

	private @Nullable ArchivedFile archiveChain(DSLContext sql, UUID chain, Instant cutoff, Path directory) {
		var head = sql.selectFrom(AUDIT_CHAIN_HEADS).where(AUDIT_CHAIN_HEADS.CHAIN.eq(chain)).forUpdate().fetchOne();
		if (head == null) {
			return null;
		}
		long from = head.getArchivedThrough() + 1;
		// The run ends before the first entry that is not old enough, so an archive never
		// has holes.
		Long firstRecent = sql.select(DSL.min(AUDIT_ENTRIES.SEQ))
			.from(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.and(AUDIT_ENTRIES.SEQ.ge(from))
			.and(AUDIT_ENTRIES.AT.ge(cutoff))
			.fetchOne(0, Long.class);
		long through = firstRecent == null ? head.getSeq() : firstRecent - 1;
		if (through < from) {
			return null;
		}
		String name = "audit-" + chain + "-" + from + "-" + through + ".jsonl";
		Path file = directory.resolve(name);
		byte[] lastHash = head.getArchivedHash();
		MessageDigest sha = sha256();
		try (OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
				BufferedWriter out = new BufferedWriter(
						new java.io.OutputStreamWriter(new DigestOutputStream(raw, sha), StandardCharsets.UTF_8))) {
			long after = from - 1;
			while (after < through) {
				List<AuditEntry> batch = AuditLog.chainSlice(sql, chain, after, BATCH);
				for (AuditEntry entry : batch) {
					if (entry.seq() > through) {
						break;
					}
					out.write(CanonicalJson.write(fileLine(entry)));
					out.write('\n');
					lastHash = entry.hash();
					after = entry.seq();
				}
				if (batch.isEmpty()) {
					throw new IllegalStateException(
							"chain " + chain + " has no entry after #" + after + "; run rampart audit verify");
				}
			}
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write archive file " + file, ex);
		}
		byte[] fileHash = sha.digest();
		sync(file);
		writeSignature(file);
		String signed = signedText(chain, from, through, lastHash, name, fileHash);
		sql.insertInto(AUDIT_ARCHIVES)
			.set(AUDIT_ARCHIVES.CHAIN, chain)
			.set(AUDIT_ARCHIVES.FROM_SEQ, from)
			.set(AUDIT_ARCHIVES.THROUGH_SEQ, through)
			.set(AUDIT_ARCHIVES.LAST_HASH, lastHash)
			.set(AUDIT_ARCHIVES.FILE_NAME, name)
			.set(AUDIT_ARCHIVES.FILE_SHA256, fileHash)
			.set(AUDIT_ARCHIVES.KEY_ID, keys.currentKeyId())
			.set(AUDIT_ARCHIVES.SIGNATURE, keys.sign(signed.getBytes(StandardCharsets.UTF_8)))
			.set(AUDIT_ARCHIVES.ARCHIVED_AT, Clocks.now(clock))
			.execute();
		sql.execute("select set_config('rampart.audit_archiving', 'on', true)");
		sql.deleteFrom(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.and(AUDIT_ENTRIES.SEQ.between(from, through))
			.execute();
		sql.update(AUDIT_CHAIN_HEADS)
			.set(AUDIT_CHAIN_HEADS.ARCHIVED_THROUGH, through)
			.set(AUDIT_CHAIN_HEADS.ARCHIVED_HASH, lastHash)
			.where(AUDIT_CHAIN_HEADS.CHAIN.eq(chain))
			.execute();
		return new ArchivedFile(chain, from, through, file);
	}

	private static Map<String, @Nullable Object> fileLine(AuditEntry entry) {
		Map<String, @Nullable Object> line = new LinkedHashMap<>();
		line.put("chain", entry.chain().toString());
		line.putAll(entry.view());
		line.remove("orgId");
		return line;
	}

	private void writeSignature(Path file) {
		try {
			byte[] signature = keys.sign(Files.readAllBytes(file));
			Files.writeString(signatureFile(file),
					keys.currentKeyId() + "\n" + Base64.getEncoder().encodeToString(signature) + "\n",
					StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
			sync(signatureFile(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the signature of " + file, ex);
		}
	}

	private static Path signatureFile(Path file) {
		return file.resolveSibling(file.getFileName() + ".sig");
	}

	/** Problems of the archive files in {@code directory} against the archive records. */
	List<String> verifyFiles(DSLContext sql, Path directory) {
		List<String> problems = new ArrayList<>();
		Map<UUID, byte[]> previousHash = new HashMap<>();
		for (Record r : sql.selectFrom(AUDIT_ARCHIVES).orderBy(AUDIT_ARCHIVES.ID).fetch()) {
			Archive archive = archive(r);
			Path file = directory.resolve(archive.fileName()).normalize();
			byte[] expectedPrev = previousHash.getOrDefault(archive.chain(), new byte[32]);
			previousHash.put(archive.chain(), archive.lastHash());
			if (!file.startsWith(directory.normalize()) || !Files.isRegularFile(file)) {
				problems.add("archive file " + archive.fileName() + " is not in " + directory);
				continue;
			}
			try {
				byte[] bytes = Files.readAllBytes(file);
				if (!MessageDigest.isEqual(sha256().digest(bytes), archive.fileSha256())) {
					problems.add("archive file " + archive.fileName() + " differs from the one archived (SHA-256)");
					continue;
				}
				List<String> signature = Files.readAllLines(signatureFile(file), StandardCharsets.US_ASCII);
				if (signature.size() < 2
						|| !keys.verify(signature.get(0), bytes, Base64.getDecoder().decode(signature.get(1).trim()))) {
					problems.add("archive file " + archive.fileName() + " has an invalid signature");
					continue;
				}
				String chainProblem = verifyLines(new String(bytes, StandardCharsets.UTF_8), archive, expectedPrev);
				if (chainProblem != null) {
					problems.add("archive file " + archive.fileName() + ": " + chainProblem);
				}
			}
			catch (IOException | RuntimeException ex) {
				problems.add("archive file " + archive.fileName() + " is unreadable (" + ex.getClass().getSimpleName()
						+ ")");
			}
		}
		return problems;
	}

	private @Nullable String verifyLines(String text, Archive archive, byte[] expectedPrev) {
		long expectedSeq = archive.fromSeq();
		byte[] prev = expectedPrev;
		for (String line : text.split("\n")) {
			if (line.isEmpty()) {
				continue;
			}
			AuditEntry entry = fromLine(json.readTree(line));
			if (entry.seq() != expectedSeq || !MessageDigest.isEqual(entry.prevHash(), prev) || !MessageDigest
				.isEqual(entry.hash(), AuditEntry.chainHash(prev, entry.seq(), entry.canonical()))) {
				return "entry #" + expectedSeq + " does not verify";
			}
			prev = entry.hash();
			expectedSeq++;
		}
		if (expectedSeq != archive.throughSeq() + 1 || !MessageDigest.isEqual(prev, archive.lastHash())) {
			return "ends at #" + (expectedSeq - 1) + ", the archive record says #" + archive.throughSeq();
		}
		return null;
	}

	private static AuditEntry fromLine(JsonNode n) {
		return new AuditEntry(UUID.fromString(n.get("chain").asString()), n.get("seq").asLong(),
				Instant.from(DateTimeFormatter.ISO_INSTANT.parse(n.get("at").asString())), uuid(n, "actorId"),
				uuid(n, "tokenId"), n.get("action").asString(), text(n, "targetKind"), text(n, "targetId"),
				n.get("outcome").asString(), text(n, "address"), text(n, "userAgent"), text(n, "requestId"),
				n.get("data").asString(), text(n, "detail"), HexFormat.of().parseHex(n.get("prevHash").asString()),
				HexFormat.of().parseHex(n.get("hash").asString()));
	}

	private static @Nullable String text(JsonNode n, String field) {
		JsonNode value = n.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

	private static @Nullable UUID uuid(JsonNode n, String field) {
		String value = text(n, field);
		return value == null ? null : UUID.fromString(value);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sync(Path file) {
		try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot flush " + file, ex);
		}
	}

	private static void createDirectory(Path directory) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create " + directory, ex);
		}
	}

}
