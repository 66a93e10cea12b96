package dev.rampart.ops;

import static dev.rampart.db.schema.Tables.COMMENTS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.db.OwnerDatabase;
import dev.rampart.keys.DataKeys;
import dev.rampart.identity.UserFields;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The background re-encryption job: seals rows written before sealing existed ({@code plain}),
 * indexes the title words of tasks written before title search existed,
 * re-seals rows sealed with an older data key after a rotation, and retires an organization's
 * older keys once none of its rows needs them (and every node has had time to load the rotated
 * keyset). Small batches, each its own short transaction locking only its rows
 * ({@code FOR UPDATE SKIP LOCKED}), never a table; one node at a time (session advisory lock).
 * Accounts from before sealed user fields are sealed at start, before requests are served.
 * Progress: {@link #pending()}, {@code rampart keys status}, the {@code rampart.keys.reencryption.pending} gauge.
 */
@Component
public class ContentSealer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ContentSealer.class);

	/** Advisory lock key: "rampart content sealer". */
	private static final long LOCK = 0x5241_4d50_5345_4101L;

	private static final int BATCH = 500;

	private final OwnerDatabase owner;

	private final FieldCipher cipher;

	private final DataKeys keys;

	private final AtomicLong lastPending = new AtomicLong();

	private final UserFields userFields;

	private volatile boolean started;

	ContentSealer(OwnerDatabase owner, FieldCipher cipher, DataKeys keys, UserFields userFields, MeterRegistry meters) {
		this.owner = owner;
		this.userFields = userFields;
		this.cipher = cipher;
		this.keys = keys;
		Gauge.builder("rampart.keys.reencryption.pending", lastPending, AtomicLong::get)
			.description("rows waiting to be sealed or re-sealed with the current data key").register(meters);
	}

	/**
	 * Seals accounts that predate sealed user fields before the web server starts (this phase runs
	 * first): sign-in finds accounts only by the email's blind index, so none may wait a minute.
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

	/** Before the web server (whose lifecycle phase is just below {@code Integer.MAX_VALUE}). */
	@Override
	public int getPhase() {
		return 0;
	}

	@Scheduled(initialDelayString = "${rampart.keys.reencryption-interval:1m}",
			fixedDelayString = "${rampart.keys.reencryption-interval:1m}")
	void scheduled() {
		run();
	}

	/** One pass over everything due; the number of rows sealed or re-sealed (-1 if another node is at it). */
	public long run() {
		try (Connection connection = owner.connect()) {
			DSLContext sql = DSL.using(connection, SQLDialect.POSTGRES);
			if (!Boolean.TRUE.equals(sql.fetchValue("select pg_try_advisory_lock(?)", LOCK))) {
				return -1;
			}
			try {
				connection.setAutoCommit(false);
				long done = sealPlainUsers(sql, connection) + sealPlainTasks(sql, connection)
						+ sealPlainComments(sql, connection) + indexTitles(sql, connection);
				for (UUID org : keys.withOlderDataKeys()) {
					byte[] prefix = keys.primaryDataPrefix(orgOf(org));
					done += DataKeys.PLATFORM.equals(org) ? resealUsers(sql, connection, prefix)
							: resealTasks(sql, connection, org, prefix) + resealComments(sql, connection, org, prefix);
					if (keys.rotationSettled(org) && olderRows(sql, org, prefix) == 0) {
						keys.retireOlderDataKeys(org);
						log.info("Retired the older data keys of {}: nothing is sealed with them any more", org);
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
			throw new IllegalStateException("the re-encryption job could not reach the database: " + ex.getSQLState(), ex);
		}
	}

	/** Rows still to be sealed or re-sealed. */
	public long pending() {
		return owner.transaction(sql -> {
			long count = (long) sql.fetchCount(TASKS, TASKS.PLAIN.isTrue()) + sql.fetchCount(COMMENTS, COMMENTS.PLAIN.isTrue())
					+ sql.fetchCount(USERS, USERS.EMAIL_PLAIN.isNotNull()) + sql.fetchCount(TASKS, TASKS.TITLE_WORDS.isNull());
			for (UUID org : keys.withOlderDataKeys()) {
				count += olderRows(sql, org, keys.primaryDataPrefix(orgOf(org)));
			}
			return count;
		});
	}

	private long sealPlainUsers(DSLContext sql, Connection connection) throws SQLException {
		return inBatches(connection, () -> sql.selectFrom(USERS).where(USERS.EMAIL_PLAIN.isNotNull()).limit(BATCH)
			.forUpdate().skipLocked().fetch(), row -> {
				UserId user = new UserId(row.getId());
				sql.update(USERS)
					.set(USERS.EMAIL, userFields.sealEmail(user, row.getEmailPlain()))
					.set(USERS.DISPLAY_NAME, userFields.sealDisplayName(user, row.getDisplayNamePlain()))
					.set(USERS.EMAIL_INDEX, userFields.emailIndex(row.getEmailPlain()))
					.setNull(USERS.EMAIL_PLAIN)
					.setNull(USERS.DISPLAY_NAME_PLAIN)
					.where(USERS.ID.eq(row.getId())).execute();
			});
	}

	private long resealUsers(DSLContext sql, Connection connection, byte[] prefix) throws SQLException {
		return inBatches(connection, () -> sql.selectFrom(USERS).where(USERS.EMAIL_PLAIN.isNull())
			.and(olderThan(USERS.EMAIL, prefix).or(olderThan(USERS.DISPLAY_NAME, prefix)))
			.limit(BATCH).forUpdate().skipLocked().fetch(), row -> sql.update(USERS)
				.set(USERS.EMAIL, reseal(null, FieldCipher.Column.USER_EMAIL, row.getId(), row.getEmail()))
				.set(USERS.DISPLAY_NAME, reseal(null, FieldCipher.Column.USER_DISPLAY_NAME, row.getId(), row.getDisplayName()))
				.where(USERS.ID.eq(row.getId())).execute());
	}

	private long sealPlainTasks(DSLContext sql, Connection connection) throws SQLException {
		return inBatches(connection,
				() -> sql.selectFrom(TASKS).where(TASKS.PLAIN).limit(BATCH).forUpdate().skipLocked().fetch(), row -> {
					OrgId org = new OrgId(row.getOrgId());
					sql.update(TASKS)
						.set(TASKS.TITLE, cipher.seal(org, FieldCipher.Column.TASK_TITLE, row.getId(), utf8(row.getTitle())))
						.set(TASKS.TITLE_WORDS, cipher.wordIndex(org, FieldCipher.Column.TASK_TITLE, utf8(row.getTitle())))
						.set(TASKS.DESCRIPTION, cipher.seal(org, FieldCipher.Column.TASK_DESCRIPTION, row.getId(),
								utf8(row.getDescription())))
						.set(TASKS.PLAIN, false)
						.where(TASKS.ID.eq(row.getId())).execute();
				});
	}

	/** Title word indexes of sealed tasks written before title search existed. */
	private long indexTitles(DSLContext sql, Connection connection) throws SQLException {
		return inBatches(connection, () -> sql.selectFrom(TASKS).where(TASKS.TITLE_WORDS.isNull()).and(DSL.not(TASKS.PLAIN))
			.limit(BATCH).forUpdate().skipLocked().fetch(), row -> {
				OrgId org = new OrgId(row.getOrgId());
				String title = cipher.open(org, FieldCipher.Column.TASK_TITLE, row.getId(), row.getTitle());
				sql.update(TASKS).set(TASKS.TITLE_WORDS, cipher.wordIndex(org, FieldCipher.Column.TASK_TITLE, title))
					.where(TASKS.ID.eq(row.getId())).execute();
			});
	}

	private long sealPlainComments(DSLContext sql, Connection connection) throws SQLException {
		return inBatches(connection,
				() -> sql.selectFrom(COMMENTS).where(COMMENTS.PLAIN).limit(BATCH).forUpdate().skipLocked().fetch(),
				row -> sql.update(COMMENTS)
					.set(COMMENTS.BODY, cipher.seal(new OrgId(row.getOrgId()), FieldCipher.Column.COMMENT_BODY, row.getId(),
							utf8(row.getBody())))
					.set(COMMENTS.PLAIN, false)
					.where(COMMENTS.ID.eq(row.getId())).execute());
	}

	private long resealTasks(DSLContext sql, Connection connection, UUID orgId, byte[] prefix) throws SQLException {
		OrgId org = orgOf(orgId);
		return inBatches(connection, () -> sql.selectFrom(TASKS).where(TASKS.ORG_ID.eq(orgId)).and(DSL.not(TASKS.PLAIN))
			.and(olderThan(TASKS.TITLE, prefix).or(olderThan(TASKS.DESCRIPTION, prefix)))
			.limit(BATCH).forUpdate().skipLocked().fetch(), row -> sql.update(TASKS)
				.set(TASKS.TITLE, reseal(org, FieldCipher.Column.TASK_TITLE, row.getId(), row.getTitle()))
				.set(TASKS.DESCRIPTION, reseal(org, FieldCipher.Column.TASK_DESCRIPTION, row.getId(), row.getDescription()))
				.where(TASKS.ID.eq(row.getId())).execute());
	}

	private long resealComments(DSLContext sql, Connection connection, UUID orgId, byte[] prefix) throws SQLException {
		OrgId org = orgOf(orgId);
		return inBatches(connection, () -> sql.selectFrom(COMMENTS).where(COMMENTS.ORG_ID.eq(orgId))
			.and(DSL.not(COMMENTS.PLAIN)).and(olderThan(COMMENTS.BODY, prefix)).limit(BATCH).forUpdate().skipLocked().fetch(),
				row -> sql.update(COMMENTS)
					.set(COMMENTS.BODY, reseal(org, FieldCipher.Column.COMMENT_BODY, row.getId(), row.getBody()))
					.where(COMMENTS.ID.eq(row.getId())).execute());
	}

	private byte[] reseal(@Nullable OrgId org, FieldCipher.Column column, UUID row, byte[] sealed) {
		return cipher.seal(org, column, row, cipher.open(org, column, row, sealed));
	}

	/** Fetches a batch, handles each row, commits; again until a batch comes back short. */
	private static <R> long inBatches(Connection connection, java.util.function.Supplier<List<R>> nextBatch,
			java.util.function.Consumer<R> handle) throws SQLException {
		long done = 0;
		while (true) {
			List<R> rows = nextBatch.get();
			rows.forEach(handle);
			connection.commit();
			done += rows.size();
			if (rows.size() < BATCH) {
				return done;
			}
		}
	}

	private static long olderRows(DSLContext sql, UUID org, byte[] prefix) {
		if (DataKeys.PLATFORM.equals(org)) {
			return sql.fetchCount(USERS, USERS.EMAIL_PLAIN.isNull()
				.and(olderThan(USERS.EMAIL, prefix).or(olderThan(USERS.DISPLAY_NAME, prefix))));
		}
		return sql.fetchCount(TASKS, TASKS.ORG_ID.eq(org).and(DSL.not(TASKS.PLAIN))
			.and(olderThan(TASKS.TITLE, prefix).or(olderThan(TASKS.DESCRIPTION, prefix))))
				+ sql.fetchCount(COMMENTS, COMMENTS.ORG_ID.eq(org).and(DSL.not(COMMENTS.PLAIN))
					.and(olderThan(COMMENTS.BODY, prefix)));
	}

	/** The value's Tink prefix (version byte, key id) is not the primary key's. */
	private static Condition olderThan(org.jooq.Field<byte[]> column, byte[] prefix) {
		return DSL.condition("substring({0} from 1 for 5) <> {1}", column, DSL.val(prefix));
	}

	private static @Nullable OrgId orgOf(UUID org) {
		return DataKeys.PLATFORM.equals(org) ? null : new OrgId(org);
	}

	private static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
