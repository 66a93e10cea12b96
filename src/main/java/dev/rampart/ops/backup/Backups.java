package dev.rampart.ops.backup;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.keys.SigningKeys;
import dev.rampart.keys.spi.KekStore;
import dev.rampart.shared.RampartHome;
import dev.rampart.work.Attachments;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes, lists, verifies, restores and prunes backups (control C20).
 * <p>
 * A backup is one REPEATABLE READ, READ ONLY transaction of the schema owner (which
 * bypasses row-level security), so every table comes from the same snapshot while the
 * service keeps writing: each table's rows as PostgreSQL's binary COPY in primary-key
 * order, then the attachment and activity-log archive files the snapshot names. The
 * stream is gzip-compressed and encrypted with Tink's AES-256-GCM-HKDF streaming AEAD
 * under a fresh key, which only the key store's KEK can unwrap (inside the HSM for
 * {@code pkcs11}); the manifest is signed with the activity log's signing key. Logical
 * rather than physical: the embedded PostgreSQL has no {@code pg_dump} or
 * {@code pg_basebackup}, and per-table checksums are what {@code verify} compares.
 */
@Service
public class Backups {

	private static final String ARCHIVE = "data.rbk";

	private static final String MANIFEST = "manifest.json";

	private static final String SIGNATURE = "manifest.sig";

	private static final String ATTACHMENTS = "attachments/";

	private static final String AUDIT_ARCHIVE = "audit-archive/";

	/** Advisory lock of a running backup: "rampart backup". */
	static final long BACKUP_LOCK = 0x5241_4d50_4241_4b55L;

	private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final SecureRandom RANDOM = new SecureRandom();

	static {
		try {
			StreamingAeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final OwnerDatabase owner;

	private final KekStore store;

	private final SigningKeys signing;

	private final BackupSettings settings;

	private final RampartHome home;

	private final Attachments attachments;

	private final ObjectProvider<Flyway> flyway;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	Backups(OwnerDatabase owner, KekStore store, SigningKeys signing, BackupSettings settings, RampartHome home,
			Attachments attachments, ObjectProvider<Flyway> flyway, Clock clock) {
		this.owner = owner;
		this.store = store;
		this.signing = signing;
		this.settings = settings;
		this.home = home;
		this.attachments = attachments;
		this.flyway = flyway;
		this.clock = clock;
	}

	/** A backup as {@code list} shows it. */
	public record Summary(String name, Instant createdAt, String schemaVersion, long rows, int tables, int files,
			long archiveBytes, boolean signatureValid, Path directory) {
	}

	/** What a restore or verify did. */
	public record Outcome(String name, long rows, int tables, int files, long millis, List<UUID> shredded) {
	}

	/** Where backups are kept. */
	public Path directory() {
		return settings.directory() != null ? settings.directory() : home.path().resolve("backups");
	}

	/**
	 * Takes a backup now; another one running (on any node) makes this one wait for it to
	 * finish.
	 */
	public Summary create(Progress progress) {
		return java.util.Objects.requireNonNull(create(progress, true));
	}

	/**
	 * Takes a backup now, unless one is running on any node; then null (scheduled backups
	 * on several nodes).
	 */
	public @org.jspecify.annotations.Nullable Summary createUnlessRunning(Progress progress) {
		return create(progress, false);
	}

	private @org.jspecify.annotations.Nullable Summary create(Progress progress, boolean wait) {
		long started = System.nanoTime();
		Instant now = clock.instant();
		String name = "rampart-" + NAME_TIME.format(now) + "-" + HexFormat.of().formatHex(randomBytes(3));
		Path target = directory().resolve(name);
		Path partial = directory().resolve(name + ".partial");
		try (Connection c = owner.connect()) {
			Files.createDirectories(partial);
			c.setAutoCommit(false);
			c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			c.setReadOnly(true);
			try (Statement s = c.createStatement()) {
				// A session lock, taken in a transaction of its own before the
				// snapshot's.
				try (ResultSet locked = s.executeQuery("select " + (wait ? "pg_advisory_lock" : "pg_try_advisory_lock")
						+ "(" + BACKUP_LOCK + ")::text")) {
					locked.next();
					if (!wait && !"true".equals(locked.getString(1))) {
						c.rollback();
						deleteQuietly(partial);
						return null;
					}
				}
				c.commit();
			}
			try {
				Manifest manifest = write(c, name, now, partial, progress, started);
				byte[] manifestBytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
				Files.write(partial.resolve(MANIFEST), manifestBytes);
				Files.writeString(partial.resolve(SIGNATURE),
						Base64.getEncoder().encodeToString(signing.sign(manifestBytes)) + "\n", StandardCharsets.UTF_8);
				Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
				return summary(target, manifest, true);
			}
			finally {
				try (Statement s = c.createStatement()) {
					c.rollback();
					s.execute("select pg_advisory_unlock(" + BACKUP_LOCK + ")");
					c.commit();
				}
			}
		}
		catch (SQLException ex) {
			deleteQuietly(partial);
			throw new IllegalStateException("the backup failed in the database (SQL state " + ex.getSQLState() + ")",
					ex);
		}
		catch (IOException ex) {
			deleteQuietly(partial);
			throw new UncheckedIOException("the backup could not be written to " + partial, ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(partial);
			throw ex;
		}
	}

	private Manifest write(Connection c, String name, Instant createdAt, Path directory, Progress progress,
			long started) throws SQLException, IOException {
		List<SchemaCatalog.Table> tables = SchemaCatalog.tables(c);
		String version = SchemaCatalog.schemaVersion(c);
		long estimate = estimatedRows(c);
		String kekId = store.currentKekId();
		KeysetHandle key;
		String wrappedKey;
		StreamingAead aead;
		try {
			key = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
			wrappedKey = Base64.getEncoder()
				.encodeToString(
						TinkProtoKeysetFormat.serializeEncryptedKeyset(key, store.kek(kekId), keyBinding(name)));
			aead = key.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the backup key could not be made or wrapped", ex);
		}
		CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
		List<Manifest.Table> tableEntries = new ArrayList<>();
		List<Manifest.StoredFile> files = new ArrayList<>();
		MessageDigest archiveDigest = sha256();
		Path archive = directory.resolve(ARCHIVE);
		try (OutputStream file = new DigestOutputStream(Files.newOutputStream(archive), archiveDigest);
				OutputStream encrypted = aead.newEncryptingStream(file, archiveBinding(name));
				GZIPOutputStream zipped = new GZIPOutputStream(new BufferedOutputStream(encrypted, 1 << 20), 1 << 16)) {
			ArchiveStream.Writer writer = new ArchiveStream.Writer(zipped);
			long done = 0;
			for (SchemaCatalog.Table table : tables) {
				progress.update(table.name(), done, estimate);
				MessageDigest digest = sha256();
				long rows;
				try (OutputStream entry = writer.entry(ArchiveStream.TABLE, table.name())) {
					rows = copy.copyOut(table.copyOut(), new DigestOutputStream(entry, digest));
				}
				tableEntries.add(new Manifest.Table(table.name(), rows, hex(digest)));
				done += rows;
			}
			progress.update("files", done, estimate);
			for (Path stored : filesOfTheSnapshot(c)) {
				String entryName = relativeName(stored);
				MessageDigest digest = sha256();
				long bytes;
				try (InputStream in = Files.newInputStream(stored);
						OutputStream entry = writer.entry(ArchiveStream.FILE, entryName)) {
					bytes = in.transferTo(new DigestOutputStream(entry, digest));
				}
				files.add(new Manifest.StoredFile(entryName, bytes, hex(digest)));
			}
			writer.end();
			progress.update("done", estimate, estimate);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the backup could not be encrypted", ex);
		}
		Map<String, Long> sequences = SchemaCatalog.sequences(c);
		return new Manifest(Manifest.FORMAT, name, createdAt, version, store.storeId(), kekId, wrappedKey,
				signing.currentKeyId(), tableEntries, sequences, files, Files.size(archive), hex(archiveDigest),
				(System.nanoTime() - started) / 1_000_000);
	}

	/**
	 * The attachment files the snapshot's rows name (a file is written before its row
	 * commits and removed after its row's deletion commits, so each is there) and the
	 * activity log's archive files.
	 */
	private List<Path> filesOfTheSnapshot(Connection c) throws SQLException, IOException {
		List<Path> files = new ArrayList<>();
		Path attachmentDirectory = attachments.storageDirectory();
		try (PreparedStatement ps = c.prepareStatement(
				"select storage_name from " + SchemaCatalog.SCHEMA + ".attachments order by storage_name");
				ResultSet rs = ps.executeQuery()) {
			while (rs.next()) {
				Path file = attachmentDirectory.resolve(simpleName(rs.getString(1)));
				if (Files.exists(file)) {
					files.add(file);
				}
			}
		}
		Path auditArchive = home.path().resolve("audit-archive");
		if (Files.isDirectory(auditArchive)) {
			try (Stream<Path> listed = Files.list(auditArchive)) {
				listed.filter(Files::isRegularFile).sorted().forEach(files::add);
			}
		}
		return files;
	}

	private String relativeName(Path stored) {
		String prefix = stored.startsWith(attachments.storageDirectory()) ? ATTACHMENTS : AUDIT_ARCHIVE;
		return prefix + stored.getFileName();
	}

	/** Where a file entry goes back to; anything but a plain name is refused. */
	private Path restoredPath(String entryName) {
		if (entryName.startsWith(ATTACHMENTS)) {
			return attachments.storageDirectory().resolve(simpleName(entryName.substring(ATTACHMENTS.length())));
		}
		if (entryName.startsWith(AUDIT_ARCHIVE)) {
			return home.directory("audit-archive").resolve(simpleName(entryName.substring(AUDIT_ARCHIVE.length())));
		}
		throw new BackupRefused("the backup names a file outside the data directory's file stores");
	}

	private static String simpleName(String name) {
		if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
			throw new BackupRefused("the backup names a file that is not a plain file name");
		}
		return name;
	}

	private static long estimatedRows(Connection c) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("""
				select coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint from pg_class c
				  join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relkind = 'r'""")) {
			ps.setString(1, SchemaCatalog.SCHEMA);
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return Math.max(1, rs.getLong(1));
			}
		}
	}

	/** The backups in {@link #directory()}, newest first. */
	public List<Summary> list() {
		Path directory = directory();
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		List<Summary> found = new ArrayList<>();
		try (Stream<Path> listed = Files.list(directory)) {
			for (Path candidate : listed.sorted().toList()) {
				if (Files.isRegularFile(candidate.resolve(MANIFEST))) {
					try {
						Manifest manifest = readManifest(candidate);
						found.add(summary(candidate, manifest, signatureValid(candidate, manifest)));
					}
					catch (BackupRefused | UncheckedIOException ex) {
						// Listed by name elsewhere; an unreadable manifest is not a
						// backup.
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + directory, ex);
		}
		found.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
		return found;
	}

	/**
	 * A backup by its name (in {@link #directory()}) or by the path of its directory.
	 */
	public Path locate(String nameOrPath) {
		Path byName = directory().resolve(nameOrPath).normalize();
		Path candidate = nameOrPath.contains("/") ? Path.of(nameOrPath) : byName;
		if (!Files.isRegularFile(candidate.resolve(MANIFEST))) {
			throw new BackupRefused("no backup at " + candidate + " (rampart backup list shows them)");
		}
		return candidate;
	}

	/**
	 * Restores the backup into a scratch PostgreSQL started for the purpose and compares
	 * every table with the manifest: rows and checksums read back from the database.
	 */
	public Outcome verify(Path backup, Progress progress) {
		long started = System.nanoTime();
		Manifest manifest = trusted(backup);
		try (ScratchDatabase scratch = ScratchDatabase.start(home, flyway.getObject(), manifest.schemaVersion())) {
			try (Connection c = scratch.connect()) {
				load(c, backup, manifest, false, progress);
				CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
				Map<String, Manifest.Table> expected = new LinkedHashMap<>();
				manifest.tables().forEach(t -> expected.put(t.name(), t));
				c.setAutoCommit(false);
				c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
				for (SchemaCatalog.Table table : SchemaCatalog.tables(c)) {
					MessageDigest digest = sha256();
					long rows = copy.copyOut(table.copyOut(),
							new DigestOutputStream(OutputStream.nullOutputStream(), digest));
					Manifest.Table wanted = expected.get(table.name());
					if (wanted == null || wanted.rows() != rows || !wanted.sha256().equals(hex(digest))) {
						throw new BackupRefused("verification failed: table " + table.name()
								+ " read back from the scratch database differs from the manifest");
					}
				}
				c.commit();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"verification failed in the scratch database (SQL state " + ex.getSQLState() + ")", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("verification could not read " + backup, ex);
		}
		return new Outcome(manifest.name(), manifest.rows(), manifest.tables().size(), manifest.files().size(),
				(System.nanoTime() - started) / 1_000_000, List.of());
	}

	/**
	 * Restores the backup into this node's database, which must be empty (nobody signed
	 * up, no organization): migrates it to the backup's schema version, loads every table
	 * and file in one transaction, checks each against the manifest, and deletes again
	 * the organizations whose keys were destroyed after the backup was taken (their
	 * content could not be read anyway). A newer Rampart migrates the result when it
	 * starts.
	 */
	public Outcome restore(Path backup, Progress progress) {
		long started = System.nanoTime();
		Manifest manifest = trusted(backup);
		try (Connection c = owner.connect()) {
			requireEmpty(c);
			// Empty (no account, no organization): the schema is made again at the
			// backup's
			// version, without the repeatable migrations (policies, functions, triggers
			// of
			// the current code may name later tables), loaded, then migrated to this
			// version with everything: a restore is also an upgrade.
			try (Statement s = c.createStatement()) {
				s.execute("DROP SCHEMA IF EXISTS " + SchemaCatalog.quote(SchemaCatalog.SCHEMA) + " CASCADE");
			}
			migrations(flyway.getObject(), null, manifest.schemaVersion()).migrate();
			load(c, backup, manifest, true, progress);
			migrations(flyway.getObject(), null, null).migrate();
			List<UUID> shredded = deleteShredded(c);
			return new Outcome(manifest.name(), manifest.rows(), manifest.tables().size(), manifest.files().size(),
					(System.nanoTime() - started) / 1_000_000, shredded);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"the restore failed in the database (SQL state " + ex.getSQLState() + "); nothing was committed",
					ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the restore could not read " + backup, ex);
		}
	}

	private static void requireEmpty(Connection c) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("select to_regclass(?) is not null")) {
			ps.setString(1, SchemaCatalog.SCHEMA + ".users");
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				if (!rs.getBoolean(1)) {
					return;
				}
			}
		}
		try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from " + SchemaCatalog.SCHEMA
				+ ".users) or exists (select 1 from " + SchemaCatalog.SCHEMA + ".organizations)");
				ResultSet rs = ps.executeQuery()) {
			rs.next();
			if (rs.getBoolean(1)) {
				throw new BackupRefused("the database is not empty (it has accounts or organizations): restore into"
						+ " an empty data directory (RAMPART_HOME) or an empty database (RAMPART_DB_URL)");
			}
		}
	}

	/**
	 * Loads the archive's tables (user triggers off: rows arrive as they were, not as
	 * new) and files, checking each against the manifest, in one transaction. For a
	 * restore, organizations whose keys the key store no longer holds are deleted again.
	 */
	private void load(Connection c, Path backup, Manifest manifest, boolean restore, Progress progress)
			throws SQLException, IOException {
		c.setAutoCommit(false);
		List<SchemaCatalog.Table> tables = SchemaCatalog.tables(c);
		Map<String, SchemaCatalog.Table> byName = new LinkedHashMap<>();
		tables.forEach(t -> byName.put(t.name(), t));
		if (!byName.keySet()
			.equals(manifest.tables()
				.stream()
				.map(Manifest.Table::name)
				.collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)))) {
			throw new BackupRefused("the backup's tables differ from schema version " + manifest.schemaVersion()
					+ " as this Rampart builds it");
		}
		Map<String, Manifest.Table> expectedTables = new LinkedHashMap<>();
		manifest.tables().forEach(t -> expectedTables.put(t.name(), t));
		Map<String, Manifest.StoredFile> expectedFiles = new LinkedHashMap<>();
		manifest.files().forEach(f -> expectedFiles.put(f.path(), f));
		// Files written beside their place (".restoring"), moved there once the rows
		// commit.
		Map<Path, Path> written = new LinkedHashMap<>();
		boolean committed = false;
		try (Statement s = c.createStatement()) {
			if (!restore) {
				// The scratch database's superuser skips the foreign-key checks: the
				// source
				// enforced them, and verify compares the rows.
				s.execute("SET LOCAL session_replication_role = replica");
			}
			List<String> qualified = new ArrayList<>();
			for (SchemaCatalog.Table table : tables) {
				qualified.add(table.qualified());
				s.execute("ALTER TABLE " + table.qualified() + " DISABLE TRIGGER USER");
			}
			s.execute("TRUNCATE " + String.join(", ", qualified));
			CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
			StreamingAead aead = backupCipher(manifest);
			long done = 0;
			long total = Math.max(1, manifest.archiveBytes());
			try (CountingInputStream file = new CountingInputStream(
					new BufferedInputStream(Files.newInputStream(backup.resolve(ARCHIVE)), 1 << 20));
					InputStream plain = new GZIPInputStream(new BufferedInputStream(
							aead.newDecryptingStream(file, archiveBinding(manifest.name())), 1 << 20), 1 << 16)) {
				ArchiveStream.Reader reader = new ArchiveStream.Reader(plain);
				for (ArchiveStream.Entry entry = reader.next(); entry != null; entry = reader.next()) {
					progress.update(entry.name(), file.count(), total);
					MessageDigest digest = sha256();
					try (InputStream content = new DigestInputStream(entry.content(), digest)) {
						if (entry.kind() == ArchiveStream.TABLE) {
							SchemaCatalog.Table table = byName.get(entry.name());
							Manifest.Table wanted = expectedTables.remove(entry.name());
							if (table == null || wanted == null) {
								throw new BackupRefused("the backup holds a table its manifest does not list");
							}
							long rows = copy.copyIn(table.copyIn(), content);
							if (rows != wanted.rows() || !hex(digest).equals(wanted.sha256())) {
								throw new BackupRefused("table " + entry.name() + " does not match the manifest");
							}
							done += rows;
						}
						else {
							Manifest.StoredFile wanted = expectedFiles.remove(entry.name());
							if (wanted == null) {
								throw new BackupRefused("the backup holds a file its manifest does not list");
							}
							long bytes;
							if (restore) {
								Path target = restoredPath(entry.name());
								Path partial = target.resolveSibling(target.getFileName() + ".restoring");
								try (OutputStream out = Files.newOutputStream(partial)) {
									bytes = content.transferTo(out);
								}
								written.put(partial, target);
							}
							else {
								bytes = content.transferTo(OutputStream.nullOutputStream());
							}
							if (bytes != wanted.bytes() || !hex(digest).equals(wanted.sha256())) {
								throw new BackupRefused("file " + entry.name() + " does not match the manifest");
							}
						}
					}
				}
			}
			catch (GeneralSecurityException ex) {
				throw new BackupRefused("the backup does not decrypt: it was changed, or another key store made it");
			}
			catch (java.util.zip.ZipException | java.io.EOFException ex) {
				throw new BackupRefused("the backup's archive is damaged or incomplete");
			}
			catch (IOException ex) {
				if (ex.getCause() instanceof GeneralSecurityException) {
					throw new BackupRefused(
							"the backup does not decrypt: it was changed, or another key store made it");
				}
				throw ex;
			}
			if (!expectedTables.isEmpty() || !expectedFiles.isEmpty()) {
				throw new BackupRefused("the backup's archive lacks entries its manifest lists");
			}
			for (Map.Entry<String, Long> sequence : manifest.sequences().entrySet()) {
				try (PreparedStatement ps = c.prepareStatement("select setval(?::regclass, ?, true)")) {
					ps.setString(1,
							SchemaCatalog.quote(SchemaCatalog.SCHEMA) + "." + SchemaCatalog.quote(sequence.getKey()));
					ps.setLong(2, sequence.getValue());
					ps.execute();
				}
			}
			for (SchemaCatalog.Table table : tables) {
				s.execute("ALTER TABLE " + table.qualified() + " ENABLE TRIGGER USER");
			}
			c.commit();
			committed = true;
			for (Map.Entry<Path, Path> file : written.entrySet()) {
				Files.move(file.getKey(), file.getValue(), StandardCopyOption.ATOMIC_MOVE,
						StandardCopyOption.REPLACE_EXISTING);
			}
			progress.update("done", total, total);
		}
		finally {
			if (!committed) {
				c.rollback();
				written.keySet().forEach(Backups::deleteQuietly);
			}
		}
	}

	/**
	 * Flyway as this Rampart configures it, on {@code dataSource} (null: its own), up to
	 * {@code target} (null: the latest) and then without the repeatable migrations.
	 */
	static Flyway migrations(Flyway base, javax.sql.@org.jspecify.annotations.Nullable DataSource dataSource,
			@org.jspecify.annotations.Nullable String target) {
		org.flywaydb.core.api.configuration.FluentConfiguration configuration = Flyway
			.configure(base.getConfiguration().getClassLoader())
			.configuration(base.getConfiguration());
		if (dataSource != null) {
			configuration.dataSource(dataSource);
		}
		if (target != null) {
			// No file is named so: the repeatable migrations are left for the full
			// migrate.
			configuration.target(target).repeatableSqlMigrationPrefix("NOT_REPEATED_WHILE_RESTORING__");
		}
		return configuration.load();
	}

	/**
	 * Organizations whose keysets are wrapped by an organization key the key store no
	 * longer holds: deleted after this backup was taken. Their rows are deleted again (in
	 * a transaction of their own, with every trigger as usual); their content stays
	 * unreadable either way.
	 */
	private List<UUID> deleteShredded(Connection c) throws SQLException {
		c.setAutoCommit(false);
		List<UUID> candidates = new ArrayList<>();
		try (PreparedStatement ps = c.prepareStatement(
				"select distinct org_id from " + SchemaCatalog.SCHEMA + ".key_sets where organization_layer");
				ResultSet rs = ps.executeQuery()) {
			while (rs.next()) {
				candidates.add(rs.getObject(1, UUID.class));
			}
		}
		List<UUID> shredded = new ArrayList<>();
		for (UUID org : candidates) {
			if (store.organizationKey(org).isEmpty()) {
				shredded.add(org);
				for (String table : List.of("organizations", "key_sets")) {
					try (PreparedStatement ps = c.prepareStatement("delete from " + SchemaCatalog.SCHEMA + "." + table
							+ " where " + (table.equals("organizations") ? "id" : "org_id") + " = ?")) {
						ps.setObject(1, org);
						ps.executeUpdate();
					}
				}
			}
		}
		c.commit();
		return shredded;
	}

	/**
	 * The manifest, once its signature, its key store and the archive's checksum are
	 * right.
	 */
	private Manifest trusted(Path backup) {
		Manifest manifest = readManifest(backup);
		if (manifest.format() != Manifest.FORMAT) {
			throw new BackupRefused("the backup's format " + manifest.format() + " is not one this Rampart reads");
		}
		if (!signatureValid(backup, manifest)) {
			throw new BackupRefused("the backup's manifest signature does not verify: it was changed, or another"
					+ " environment's signing key made it");
		}
		if (!manifest.storeId().equals(store.storeId())) {
			throw new BackupRefused("the backup's key was wrapped by key store " + manifest.storeId()
					+ ", but this node's is " + store.storeId());
		}
		try (InputStream in = Files.newInputStream(backup.resolve(ARCHIVE))) {
			MessageDigest digest = sha256();
			long bytes = in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
			if (bytes != manifest.archiveBytes()
					|| !MessageDigest.isEqual(hex(digest).getBytes(StandardCharsets.US_ASCII),
							manifest.archiveSha256().getBytes(StandardCharsets.US_ASCII))) {
				throw new BackupRefused("the backup's archive does not match the checksum its signed manifest"
						+ " records: it was changed or damaged");
			}
		}
		catch (IOException ex) {
			throw new BackupRefused("the backup's archive cannot be read");
		}
		return manifest;
	}

	private boolean signatureValid(Path backup, Manifest manifest) {
		try {
			byte[] bytes = Files.readAllBytes(backup.resolve(MANIFEST));
			byte[] signature = Base64.getDecoder()
				.decode(Files.readString(backup.resolve(SIGNATURE), StandardCharsets.US_ASCII).strip());
			return signing.verify(manifest.signingKeyId(), bytes, signature);
		}
		catch (IOException | IllegalArgumentException ex) {
			return false;
		}
	}

	private Manifest readManifest(Path backup) {
		try {
			return json.readValue(Files.readAllBytes(backup.resolve(MANIFEST)), Manifest.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the manifest of " + backup, ex);
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new BackupRefused("the backup's manifest is not readable");
		}
	}

	private StreamingAead backupCipher(Manifest manifest) {
		try {
			KeysetHandle key = TinkProtoKeysetFormat.parseEncryptedKeyset(
					Base64.getDecoder().decode(manifest.wrappedKey()), store.kek(manifest.kekId()),
					keyBinding(manifest.name()));
			return key.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
		}
		catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException ex) {
			throw new BackupRefused("the backup's key does not open with this key store's KEK " + manifest.kekId());
		}
	}

	/** Removes the backups the retention policy does not keep; their names. */
	public List<String> prune() {
		List<Summary> all = list();
		Set<Summary> kept = settings.retention().keep(all, Summary::createdAt);
		List<String> removed = new ArrayList<>();
		for (Summary backup : all) {
			if (!kept.contains(backup)) {
				deleteQuietly(backup.directory());
				removed.add(backup.name());
			}
		}
		return removed;
	}

	private Summary summary(Path directory, Manifest manifest, boolean signatureValid) {
		return new Summary(manifest.name(), manifest.createdAt(), manifest.schemaVersion(), manifest.rows(),
				manifest.tables().size(), manifest.files().size(), manifest.archiveBytes(), signatureValid, directory);
	}

	private static byte[] keyBinding(String name) {
		return ("rampart-backup-key:v1:" + name).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] archiveBinding(String name) {
		return ("rampart-backup:v1:" + name).getBytes(StandardCharsets.UTF_8);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

	private static byte[] randomBytes(int n) {
		byte[] bytes = new byte[n];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	static void deleteQuietly(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(path)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
		catch (IOException ex) {
			// Left for the operator; the next prune tries again.
		}
	}

	/** Counts the bytes read, for progress. */
	private static final class CountingInputStream extends java.io.FilterInputStream {

		private long count;

		CountingInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				count++;
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0) {
				count += n;
			}
			return n;
		}

		long count() {
			return count;
		}

	}

}
