package dev.rampart.ops;

import static dev.rampart.db.schema.Tables.ATTACHMENTS;
import static dev.rampart.db.schema.Tables.COMMENTS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.db.OwnerDatabase;
import dev.rampart.db.schema.tables.records.AttachmentsRecord;
import dev.rampart.identity.UserFields;
import dev.rampart.keys.DataKeys;
import dev.rampart.keys.FieldCipher.Column;
import dev.rampart.keys.FieldCipher;
import dev.rampart.keys.KeyRotation;
import dev.rampart.keys.KeySettings;
import dev.rampart.keys.spi.SealedTables.SealedColumn;
import dev.rampart.keys.spi.SealedTables.SealedTable;
import dev.rampart.keys.spi.SealedTables;
import dev.rampart.shared.AttachmentId;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import dev.rampart.work.Attachments;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The background re-encryption job: seals rows written before sealing existed
 * ({@code plain}), indexes the title words of tasks written before title search existed,
 * re-seals values sealed with an older data key after a rotation, re-encrypts attachment
 * files written with an older file key, and retires an organization's older keys once
 * nothing needs them (and every node has had time to load the rotated keysets). Small
 * batches, each its own short transaction locking only its rows
 * ({@code FOR UPDATE SKIP LOCKED}), never a table; one node at a time (session advisory
 * lock). Accounts from before sealed user fields are sealed at start, before requests are
 * served. Progress: {@link #pending()}, {@code rampart keys status}, the
 * {@code rampart.keys.reencryption.pending} gauge. Control C18 (docs/controls.md).
 * <p>
 * Longer than most classes because it is one job with one lock: sealing old rows,
 * re-sealing after rotations and rewriting files share the batching, locking and key
 * retirement.
 */
@Component
public class ContentSealer implements SmartLifecycle, SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(ContentSealer.class);

	/** Advisory lock key: "rampart content sealer". */
	private static final long LOCK = 0x5241_4d50_5345_4101L;

	private static final int BATCH = 500;

	/** Files per transaction: each is read and written whole. */
	private static final int FILE_BATCH = 20;

	/** Every module's tables with sealed columns, organizations' and the platform's. */
	private final List<SealedTable> tenantTables;

	private final List<SealedTable> platformTables;

	private final OwnerDatabase owner;

	private final FieldCipher cipher;

	private final DataKeys keys;

	private final KeyRotation rotation;

	private final UserFields userFields;

	private final Attachments attachments;

	private final dev.rampart.work.SearchTerms searchTerms;

	private final AtomicLong lastPending = new AtomicLong();

	private final java.time.Duration interval;

	/**
	 * Files replaced in the previous pass: removed in the next, once no download can
	 * still be opening them.
	 */
	private final List<String> replacedFiles = new ArrayList<>();

	private volatile boolean started;

	ContentSealer(OwnerDatabase owner, FieldCipher cipher, DataKeys keys, KeyRotation rotation, UserFields userFields,
			Attachments attachments, MeterRegistry meters, KeySettings settings, List<SealedTables> sealed,
			dev.rampart.work.SearchTerms searchTerms) {
		this.searchTerms = searchTerms;
		List<SealedTable> tables = sealed.stream().flatMap(module -> module.sealedTables().stream()).toList();
		this.tenantTables = tables.stream().filter(table -> !table.platform()).toList();
		this.platformTables = tables.stream().filter(SealedTable::platform).toList();
		this.interval = settings.reencryptionInterval();
		this.owner = owner;
		this.cipher = cipher;
		this.keys = keys;
		this.rotation = rotation;
		this.userFields = userFields;
		this.attachments = attachments;
		Gauge.builder("rampart.keys.reencryption.pending", lastPending, AtomicLong::get)
			.description("rows and files waiting to be sealed or re-sealed with the current keys")
			.register(meters);
	}

	/**
	 * Seals accounts that predate sealed user fields before the web server starts (this
	 * phase runs first): sign-in finds accounts only by the email's blind index, so none
	 * may wait a minute.
	 */
	@Override
	public void start() {
		try (Connection connection = owner.connect()) {
			connection.setAutoCommit(false);
			long sealed = sealPlainUsers(DSL.using(connection, SQLDialect.POSTGRES), connection);
			if (sealed > 0) {
				log.info("Sealed the email and display name of {} accounts created before sealing", sealed);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("sealing accounts could not reach the database: " + ex.getSQLState(), ex);
		}
		started = true;
	}

	@Override
	public void stop() {
		started = false;
	}

	@Override
	public boolean isRunning() {
		return started;
	}

	/**
	 * Before the web server (whose lifecycle phase is just below
	 * {@code Integer.MAX_VALUE}).
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::run, interval, interval));
	}

	/**
	 * One pass over everything due; the number of rows and files handled (-1 if another
	 * node is at it).
	 */
	public long run() {
		try (Connection connection = owner.connect()) {
			DSLContext sql = DSL.using(connection, SQLDialect.POSTGRES);
			if (!Boolean.TRUE.equals(sql.fetchValue("select pg_try_advisory_lock(?)", LOCK))) {
				return -1;
			}
			try {
				removeReplacedFiles();
				connection.setAutoCommit(false);
				long done = sealPlainUsers(sql, connection) + indexTitles(sql, connection)
						+ indexTasksForSearch(sql, connection) + indexCommentsForSearch(sql, connection);
				for (SealedTable table : tenantTables) {
					done += sealPlainRows(sql, connection, table);
				}
				for (UUID org : rotation.withOlderDataKeys()) {
					byte[] prefix = keys.primaryDataPrefix(orgOf(org));
					for (SealedTable table : tablesOf(org)) {
						done += resealRows(sql, connection, table, org, prefix);
					}
					if (rotation.rotationSettled(org) && olderRows(sql, org, prefix) == 0) {
						rotation.retireOlderDataKeys(org);
						log.info("Retired the older data keys of {}: nothing is sealed with them any more", org);
					}
				}
				List<UUID> olderStreamKeys = rotation.withOlderStreamKeys();
				for (UUID org : orgsWithFilesDue(sql, olderStreamKeys)) {
					long primary = keys.primaryStreamKeyId(new OrgId(org));
					done += resealFiles(sql, connection, org, primary);
					if (olderStreamKeys.contains(org) && rotation.rotationSettled(org)
							&& sql.fetchCount(ATTACHMENTS, olderFiles(org, primary)) == 0) {
						rotation.retireOlderStreamKeys(org);
						log.info("Retired the older file keys of {}: no file is sealed with them any more", org);
					}
				}
				connection.setAutoCommit(true);
				lastPending.set(pending());
				return done;
			}
			finally {
				connection.setAutoCommit(true);
				sql.fetchValue("select pg_advisory_unlock(?)", LOCK);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("the re-encryption job could not reach the database: " + ex.getSQLState(),
					ex);
		}
	}

	/** Rows and files still to be sealed, indexed or re-sealed. */
	public long pending() {
		return owner.transaction(sql -> {
			long count = (long) sql.fetchCount(USERS, USERS.EMAIL_PLAIN.isNotNull())
					+ sql.fetchCount(TASKS, TASKS.TITLE_WORDS.isNull())
					+ sql.fetchCount(TASKS, TASKS.TEXT_TERMS.isNull().and(TASKS.PLAIN.isFalse()))
					+ sql.fetchCount(COMMENTS, COMMENTS.BODY_TERMS.isNull().and(COMMENTS.PLAIN.isFalse()));
			for (SealedTable table : tenantTables) {
				// Tables sealed from their first row have nothing plain waiting.
				if (table.plain() != null) {
					count += sql.fetchCount(table.table(), DSL.not(table.sealed()));
				}
			}
			for (UUID org : rotation.withOlderDataKeys()) {
				count += olderRows(sql, org, keys.primaryDataPrefix(orgOf(org)));
			}
			for (UUID org : orgsWithFilesDue(sql, rotation.withOlderStreamKeys())) {
				count += sql.fetchCount(ATTACHMENTS, olderFiles(org, keys.primaryStreamKeyId(new OrgId(org))));
			}
			return count;
		});
	}

	private List<SealedTable> tablesOf(UUID org) {
		return DataKeys.PLATFORM.equals(org) ? platformTables : tenantTables;
	}

	private long sealPlainUsers(DSLContext sql, Connection connection) throws SQLException {
		return inBatches(connection, BATCH,
				() -> sql.selectFrom(USERS)
					.where(USERS.EMAIL_PLAIN.isNotNull())
					.limit(BATCH)
					.forUpdate()
					.skipLocked()
					.fetch(),
				row -> {
					UserId user = new UserId(row.getId());
					sql.update(USERS)
						.set(USERS.EMAIL, userFields.sealEmail(user, row.getEmailPlain()))
						.set(USERS.DISPLAY_NAME, userFields.sealDisplayName(user, row.getDisplayNamePlain()))
						.set(USERS.EMAIL_INDEX, userFields.emailIndex(row.getEmailPlain()))
						.setNull(USERS.EMAIL_PLAIN)
						.setNull(USERS.DISPLAY_NAME_PLAIN)
						.where(USERS.ID.eq(row.getId()))
						.execute();
				});
	}

	/** Title word indexes of sealed tasks written before title search existed. */
	private long indexTitles(DSLContext sql, Connection connection) throws SQLException {
		return inBatches(connection, BATCH,
				() -> sql.selectFrom(TASKS)
					.where(TASKS.TITLE_WORDS.isNull())
					.and(TASKS.PLAIN.isFalse())
					.limit(BATCH)
					.forUpdate()
					.skipLocked()
					.fetch(),
				row -> {
					OrgId org = new OrgId(row.getOrgId());
					String title = cipher.open(org, Column.TASK_TITLE, row.getId(), row.getTitle());
					sql.update(TASKS)
						.set(TASKS.TITLE_WORDS, cipher.wordIndex(org, Column.TASK_TITLE, title))
						.where(TASKS.ID.eq(row.getId()))
						.execute();
				});
	}

	/** Search terms of sealed tasks written before search existed (or seeded without). */
	private long indexTasksForSearch(DSLContext sql, Connection connection) throws SQLException {
		return inBatches(connection, BATCH,
				() -> sql.select(TASKS.ID, TASKS.ORG_ID, TASKS.TITLE, TASKS.DESCRIPTION)
					.from(TASKS)
					.where(TASKS.TEXT_TERMS.isNull())
					.and(TASKS.PLAIN.isFalse())
					.limit(BATCH)
					.forUpdate()
					.skipLocked()
					.fetch(),
				row -> {
					OrgId org = new OrgId(row.value2());
					String title = cipher.open(org, Column.TASK_TITLE, row.value1(), row.value3());
					String description = cipher.open(org, Column.TASK_DESCRIPTION, row.value1(), row.value4());
					sql.update(TASKS)
						.set(TASKS.TITLE_TERMS, searchTerms.title(org, title))
						.set(TASKS.TEXT_TERMS, searchTerms.text(org, title, description))
						.where(TASKS.ID.eq(row.value1()))
						.execute();
				});
	}

	/** Search terms of sealed comments written before search existed. */
	private long indexCommentsForSearch(DSLContext sql, Connection connection) throws SQLException {
		return inBatches(connection, BATCH,
				() -> sql.select(COMMENTS.ID, COMMENTS.ORG_ID, COMMENTS.BODY)
					.from(COMMENTS)
					.where(COMMENTS.BODY_TERMS.isNull())
					.and(COMMENTS.PLAIN.isFalse())
					.limit(BATCH)
					.forUpdate()
					.skipLocked()
					.fetch(),
				row -> {
					OrgId org = new OrgId(row.value2());
					String body = cipher.open(org, Column.COMMENT_BODY, row.value1(), row.value3());
					sql.update(COMMENTS)
						.set(COMMENTS.BODY_TERMS, searchTerms.comment(org, body))
						.where(COMMENTS.ID.eq(row.value1()))
						.execute();
				});
	}

	/**
	 * Rows from before sealing (their values are UTF-8 bytes): every sealed column at
	 * once.
	 */
	private long sealPlainRows(DSLContext sql, Connection connection, SealedTable table) throws SQLException {
		if (table.plain() == null) {
			// Sealed from its first row (a table made after sealing): nothing plain to
			// seal.
			return 0;
		}
		Field<Boolean> plain = table.plain();
		Field<UUID> orgField = java.util.Objects.requireNonNull(table.org());
		return inBatches(connection, BATCH,
				() -> select(sql, table).where(plain).limit(BATCH).forUpdate().skipLocked().fetch(), row -> {
					OrgId org = new OrgId(row.get(orgField));
					UUID id = row.get(table.id());
					Map<Field<?>, Object> values = new java.util.HashMap<>();
					for (SealedColumn c : table.columns()) {
						values.put(c.field(), cipher.seal(org, c.column(), id,
								new String(row.get(c.field()), StandardCharsets.UTF_8)));
					}
					values.put(plain, false);
					sql.update(table.table()).set(values).where(table.id().eq(id)).execute();
				});
	}

	/** Values sealed with an older data key, sealed again with the primary one. */
	private long resealRows(DSLContext sql, Connection connection, SealedTable table, UUID orgId, byte[] prefix)
			throws SQLException {
		OrgId org = orgOf(orgId);
		return inBatches(connection, BATCH,
				() -> select(sql, table).where(table.of(orgId))
					.and(table.sealed())
					.and(table.olderThan(prefix))
					.limit(BATCH)
					.forUpdate()
					.skipLocked()
					.fetch(),
				row -> {
					UUID id = row.get(table.id());
					Map<Field<?>, Object> values = new java.util.HashMap<>();
					for (SealedColumn c : table.columns()) {
						values.put(c.field(),
								cipher.seal(org, c.column(), id, cipher.open(org, c.column(), id, row.get(c.field()))));
					}
					sql.update(table.table()).set(values).where(table.id().eq(id)).execute();
				});
	}

	private static org.jooq.SelectJoinStep<Record> select(DSLContext sql, SealedTable table) {
		List<Field<?>> fields = new ArrayList<>(List.of(table.id()));
		if (table.org() != null) {
			fields.add(table.org());
		}
		table.columns().forEach(c -> fields.add(c.field()));
		return sql.select(fields).from(table.table());
	}

	/**
	 * Organizations with files to write again: whose file keyset holds older keys, or
	 * with files stored before sealing (or before the sealing key was recorded).
	 */
	private static List<UUID> orgsWithFilesDue(DSLContext sql, List<UUID> olderStreamKeys) {
		java.util.Set<UUID> orgs = new java.util.LinkedHashSet<>(olderStreamKeys);
		orgs.addAll(sql.selectDistinct(ATTACHMENTS.ORG_ID)
			.from(ATTACHMENTS)
			.where(ATTACHMENTS.SEALED.isFalse().or(ATTACHMENTS.STREAM_KEY_ID.isNull()))
			.fetch(ATTACHMENTS.ORG_ID));
		return List.copyOf(orgs);
	}

	/**
	 * Attachment files written with an older file key (or before files were sealed),
	 * written again. A file that cannot be read stays as it is, with its key, and is
	 * reported: the older key is not retired while it exists (deleting the broken
	 * attachment lets it go).
	 */
	private long resealFiles(DSLContext sql, Connection connection, UUID orgId, long primary) throws SQLException {
		OrgId org = new OrgId(orgId);
		List<String> replaced = new ArrayList<>();
		List<UUID> unreadable = new ArrayList<>();
		long done = inBatches(connection, FILE_BATCH,
				() -> sql.selectFrom(ATTACHMENTS)
					.where(olderFiles(orgId, primary))
					.and(ATTACHMENTS.ID.notIn(unreadable))
					.limit(FILE_BATCH)
					.forUpdate()
					.skipLocked()
					.fetch(),
				(AttachmentsRecord row) -> {
					try {
						Attachments.ResealedFile file = attachments.resealFile(org, new AttachmentId(row.getId()),
								row.getStorageName(), row.getSealed());
						sql.update(ATTACHMENTS)
							.set(ATTACHMENTS.STORAGE_NAME, file.storageName())
							.set(ATTACHMENTS.STREAM_KEY_ID, file.keyId())
							.set(ATTACHMENTS.SEALED, true)
							.where(ATTACHMENTS.ID.eq(row.getId()))
							.execute();
						replaced.add(row.getStorageName());
					}
					catch (IOException ex) {
						unreadable.add(row.getId());
						log.warn("Attachment {} could not be re-encrypted ({}); it keeps its older key", row.getId(),
								ex.getClass().getSimpleName());
					}
				});
		synchronized (replacedFiles) {
			replacedFiles.addAll(replaced);
		}
		return done;
	}

	private void removeReplacedFiles() {
		synchronized (replacedFiles) {
			replacedFiles.forEach(attachments::removeStoredFile);
			replacedFiles.clear();
		}
	}

	private static Condition olderFiles(UUID org, long primary) {
		return ATTACHMENTS.ORG_ID.eq(org)
			.and(ATTACHMENTS.SEALED.isFalse()
				.or(ATTACHMENTS.STREAM_KEY_ID.isNull())
				.or(ATTACHMENTS.STREAM_KEY_ID.ne(primary)));
	}

	/**
	 * Fetches a batch, handles each row, commits; again until a batch comes back short.
	 */
	private static <R> long inBatches(Connection connection, int size, Supplier<List<R>> nextBatch, Consumer<R> handle)
			throws SQLException {
		long done = 0;
		while (true) {
			List<R> rows = nextBatch.get();
			rows.forEach(handle);
			connection.commit();
			done += rows.size();
			if (rows.size() < size) {
				return done;
			}
		}
	}

	private long olderRows(DSLContext sql, UUID org, byte[] prefix) {
		long count = 0;
		for (SealedTable table : tablesOf(org)) {
			count += sql.fetchCount(table.table(), table.of(org).and(table.sealed()).and(table.olderThan(prefix)));
		}
		return count;
	}

	/** The value's Tink prefix (version byte, key id) is not the primary key's. */

	private static @Nullable OrgId orgOf(UUID org) {
		return DataKeys.PLATFORM.equals(org) ? null : new OrgId(org);
	}

}
