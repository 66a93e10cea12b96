package dev.rampart.idempotency;

import static dev.rampart.db.schema.Tables.IDEMPOTENCY_KEYS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.WriteParticipant;
import dev.rampart.db.schema.tables.records.IdempotencyKeysRecord;
import dev.rampart.keys.DataKeys;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.ShownOnce;
import dev.rampart.shared.UserId;
import io.micrometer.context.ContextRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Keys of idempotent POSTs, per user (table {@code idempotency_keys}, V38).
 * <p>
 * A request first {@link #claim claims} its key in a transaction of its own: the first
 * one with a key holds it; a retry with the same key and request gets the stored answer
 * ({@link Replay}), one with another request is refused ({@link Mismatch}), one while the
 * first still runs is told to wait ({@link InProgress}). While the request runs its key
 * is bound to the thread: the first write transaction that commits a change marks the key
 * {@code committed} in that same transaction ({@link WriteParticipant}), so a change and
 * the record that it happened commit together. Then the answer is kept ({@link #finish}).
 * A node that dies before its change committed leaves a key that a retry may take over
 * once {@code hold} has passed; one that dies after the commit leaves a key whose retries
 * are told the request was carried out ({@link CarriedOut}), never carried out twice.
 */
@Service
@EnableConfigurationProperties(IdempotencySettings.class)
public class IdempotentRequests implements WriteParticipant {

	private static final ThreadLocal<@Nullable Held> CURRENT = new ThreadLocal<>();

	static {
		// GraphQL runs data fetchers with the request's thread-locals restored.
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor("rampart.idempotency", CURRENT::get, CURRENT::set, CURRENT::remove);
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor("rampart.shown-once", ShownOnce::current, ShownOnce::restore,
					ShownOnce::unwatch);
	}

	private final Database db;

	private final DataKeys keys;

	private final IdempotencySettings settings;

	private final Clock clock;

	IdempotentRequests(Database db, DataKeys keys, IdempotencySettings settings, Clock clock) {
		this.db = db;
		this.keys = keys;
		this.settings = settings;
		this.clock = clock;
	}

	/** What a request with a key is to do. */
	public sealed interface Claim permits Proceed, Replay, Mismatch, InProgress, CarriedOut {

	}

	/** Carry it out: the key is held for it. */
	public record Proceed(Held held) implements Claim {
	}

	/** The first answer, to be sent again. */
	public record Replay(int status, @Nullable String contentType, @Nullable String location, @Nullable String etag,
			byte[] body) implements Claim {
	}

	/** The key was used with another request (422). */
	public record Mismatch() implements Claim {
	}

	/** The first request with the key still runs (409, retry later). */
	public record InProgress() implements Claim {
	}

	/**
	 * The first request's change committed but its answer was not kept (its node stopped,
	 * or the answer was too large): not carried out again (409).
	 */
	public record CarriedOut() implements Claim {
	}

	/** A key held by the request running on this thread. */
	public static final class Held {

		private final UserId user;

		private final String keyHash;

		/** This attempt's id: a retry that takes the key over makes a new one. */
		private final java.util.UUID attempt = java.util.UUID.randomUUID();

		private volatile boolean committed;

		/** Set when a secret shown once is made for the answer: it is then not kept. */
		private final java.util.concurrent.atomic.AtomicBoolean secretInAnswer = new java.util.concurrent.atomic.AtomicBoolean();

		Held(UserId user, String keyHash) {
			this.user = user;
			this.keyHash = keyHash;
		}

		/** Whether a change of this request has committed. */
		public boolean committed() {
			return committed;
		}

	}

	/** The longest key accepted. */
	public int maxKeyLength() {
		return settings.maxKeyLength();
	}

	/**
	 * Claims {@code key} for {@code user}'s request with {@code fingerprint} (the SHA-256
	 * of method, target, content type and body), in a transaction of its own.
	 */
	public Claim claim(UserId user, String key, byte[] fingerprint) {
		String keyHash = HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(user), sql -> {
			Held held = new Held(user, keyHash);
			if (insertStarted(sql, user, keyHash, held.attempt, fingerprint, now) == 1) {
				return new Proceed(held);
			}
			IdempotencyKeysRecord row = sql.selectFrom(IDEMPOTENCY_KEYS)
				.where(IDEMPOTENCY_KEYS.USER_ID.eq(user.value()))
				.and(IDEMPOTENCY_KEYS.KEY_HASH.eq(keyHash))
				.forUpdate()
				.fetchOne();
			if (row == null || row.getCreatedAt().isBefore(now.minus(settings.retention()))) {
				// Expired and not yet removed by housekeeping: a new use of the key.
				sql.deleteFrom(IDEMPOTENCY_KEYS)
					.where(IDEMPOTENCY_KEYS.USER_ID.eq(user.value()))
					.and(IDEMPOTENCY_KEYS.KEY_HASH.eq(keyHash))
					.execute();
				insertStarted(sql, user, keyHash, held.attempt, fingerprint, now);
				return new Proceed(held);
			}
			if (!MessageDigest.isEqual(row.getFingerprint(), fingerprint)) {
				return new Mismatch();
			}
			boolean stillHeld = row.getLockedUntil().isAfter(now);
			switch (row.getState()) {
				case "completed":
					return new Replay(row.getStatus(), row.getContentType(), row.getLocation(), row.getEtag(),
							open(row.getBody(), user, keyHash));
				case "committed":
					return stillHeld ? new InProgress() : new CarriedOut();
				default:
					if (stillHeld) {
						return new InProgress();
					}
					// Its node stopped before anything committed, or it runs longer than
					// the
					// hold: carried out now as a new attempt. The old one can no longer
					// mark
					// the key committed, so its change rolls back if it ever gets that
					// far.
					row.setLockedUntil(now.plus(settings.hold()));
					row.setAttempt(held.attempt);
					row.update();
					return new Proceed(held);
			}
		});
	}

	private int insertStarted(DSLContext sql, UserId user, String keyHash, java.util.UUID attempt, byte[] fingerprint,
			Instant now) {
		return sql.insertInto(IDEMPOTENCY_KEYS)
			.set(IDEMPOTENCY_KEYS.USER_ID, user.value())
			.set(IDEMPOTENCY_KEYS.KEY_HASH, keyHash)
			.set(IDEMPOTENCY_KEYS.FINGERPRINT, fingerprint)
			.set(IDEMPOTENCY_KEYS.STATE, "started")
			.set(IDEMPOTENCY_KEYS.ATTEMPT, attempt)
			.set(IDEMPOTENCY_KEYS.LOCKED_UNTIL, now.plus(settings.hold()))
			.set(IDEMPOTENCY_KEYS.CREATED_AT, now)
			.onConflictDoNothing()
			.execute();
	}

	/** The request on this thread holds {@code held} until {@link #finish}. */
	public void bind(Held held) {
		CURRENT.set(held);
		ShownOnce.restore(held.secretInAnswer);
	}

	/** The request's handler continues on another thread (asynchronous). */
	public void unbind() {
		CURRENT.remove();
		ShownOnce.unwatch();
	}

	/**
	 * Marks the held key committed in the transaction that commits the request's change.
	 */
	@Override
	public void beforeCommit(DSLContext sql) {
		Held held = CURRENT.get();
		// Only the request's own changes (under its user's row-level security) mark the
		// key; a write the request makes for the system or another user does not.
		if (held == null || held.committed || !Database.transactionUser().equals(java.util.Optional.of(held.user))) {
			return;
		}
		int marked = sql.update(IDEMPOTENCY_KEYS)
			.set(IDEMPOTENCY_KEYS.STATE, "committed")
			.where(IDEMPOTENCY_KEYS.USER_ID.eq(held.user.value()))
			.and(IDEMPOTENCY_KEYS.KEY_HASH.eq(held.keyHash))
			.and(IDEMPOTENCY_KEYS.ATTEMPT.eq(held.attempt))
			.and(IDEMPOTENCY_KEYS.STATE.eq("started"))
			.execute();
		if (marked != 1) {
			// A retry took the key over (this attempt outlived the hold): only one
			// attempt
			// may change anything.
			throw new KeyTakenOver();
		}
		Database.afterCommit(() -> held.committed = true);
	}

	/**
	 * Keeps the answer of a request that changed something or succeeded; forgets the key
	 * of one that changed nothing and failed, so a retry is carried out.
	 */
	public void finish(Held held, int status, @Nullable String contentType, @Nullable String location,
			@Nullable String etag, byte[] body) {
		unbind();
		Instant now = Clocks.now(clock);
		boolean succeeded = status >= 200 && status < 300;
		// An answer holding a secret shown once is not kept: a retry is told the request
		// was carried out, as for one too large to keep.
		boolean tooLarge = body.length > settings.maxStoredAnswer().toBytes() || held.secretInAnswer.get();
		db.write(DbContext.user(held.user), sql -> {
			if (!held.committed && (!succeeded || tooLarge)) {
				return sql.deleteFrom(IDEMPOTENCY_KEYS)
					.where(IDEMPOTENCY_KEYS.USER_ID.eq(held.user.value()))
					.and(IDEMPOTENCY_KEYS.KEY_HASH.eq(held.keyHash))
					.and(IDEMPOTENCY_KEYS.ATTEMPT.eq(held.attempt))
					.execute();
			}
			var row = sql.update(IDEMPOTENCY_KEYS).set(IDEMPOTENCY_KEYS.LOCKED_UNTIL, now);
			if (tooLarge) {
				return row.set(IDEMPOTENCY_KEYS.STATE, "committed")
					.where(IDEMPOTENCY_KEYS.USER_ID.eq(held.user.value()))
					.and(IDEMPOTENCY_KEYS.KEY_HASH.eq(held.keyHash))
					.and(IDEMPOTENCY_KEYS.ATTEMPT.eq(held.attempt))
					.execute();
			}
			return row.set(IDEMPOTENCY_KEYS.STATE, "completed")
				.set(IDEMPOTENCY_KEYS.STATUS, status)
				.set(IDEMPOTENCY_KEYS.CONTENT_TYPE, contentType)
				.set(IDEMPOTENCY_KEYS.LOCATION, location)
				.set(IDEMPOTENCY_KEYS.ETAG, etag)
				.set(IDEMPOTENCY_KEYS.BODY, seal(body, held.user, held.keyHash))
				.where(IDEMPOTENCY_KEYS.USER_ID.eq(held.user.value()))
				.and(IDEMPOTENCY_KEYS.KEY_HASH.eq(held.keyHash))
				.and(IDEMPOTENCY_KEYS.ATTEMPT.eq(held.attempt))
				.execute();
		});
	}

	/**
	 * This attempt lost its key to a retry while it ran: its change rolls back (409).
	 */
	public static final class KeyTakenOver extends dev.rampart.shared.RampartException {

		private static final long serialVersionUID = 1L;

		KeyTakenOver() {
			super(Category.CONFLICT, "a retry with this Idempotency-Key took it over while this request ran: nothing"
					+ " was changed by it");
		}

	}

	/** The request ended without an answer to keep (it failed in the pipeline). */
	public void abandon(Held held) {
		finish(held, 500, null, null, null, new byte[0]);
	}

	private byte[] seal(byte[] body, UserId user, String keyHash) {
		try {
			return keys.aead(null).encrypt(body, binding(user, keyHash));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the platform's data key is unusable", ex);
		}
	}

	private byte[] open(byte @Nullable [] sealed, UserId user, String keyHash) {
		if (sealed == null) {
			return new byte[0];
		}
		try {
			return keys.aead(null).decrypt(sealed, binding(user, keyHash));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("a kept answer does not open", ex);
		}
	}

	private static byte[] binding(UserId user, String keyHash) {
		return ("rampart:v1:idempotency_keys.body:" + user.value() + ":" + keyHash).getBytes(StandardCharsets.UTF_8);
	}

	static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
