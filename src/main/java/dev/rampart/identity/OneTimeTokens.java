package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.ONE_TIME_TOKENS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Single-use tokens behind links and sign-in challenges: 256 random bits, handed out
 * once, stored as SHA-256, valid for one purpose until used or expired. Redeeming is one
 * statement, so two requests racing with the same token cannot both succeed.
 */
@Component
class OneTimeTokens {

	enum Purpose {

		VERIFY_EMAIL("verify-email"), RESET_PASSWORD("reset-password"), MFA_CHALLENGE("mfa-challenge"),
		CHANGE_EMAIL("change-email");

		final String column;

		Purpose(String column) {
			this.column = column;
		}

	}

	private final Database db;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	OneTimeTokens(ApplicationEventPublisher events, Database db, Clock clock) {
		this.events = events;
		this.db = db;
		this.clock = clock;
	}

	/**
	 * A new token for {@code user}, written in {@code sql}'s transaction (whose context
	 * is that user).
	 */
	String issue(DSLContext sql, Purpose purpose, UserId user, Duration lifetime) {
		String token = SessionTokens.newToken();
		Instant now = clock.instant();
		sql.insertInto(ONE_TIME_TOKENS)
			.set(ONE_TIME_TOKENS.TOKEN_HASH, SessionTokens.sha256(token))
			.set(ONE_TIME_TOKENS.PURPOSE, purpose.column)
			.set(ONE_TIME_TOKENS.USER_ID, user.value())
			.set(ONE_TIME_TOKENS.CREATED_AT, now)
			.set(ONE_TIME_TOKENS.EXPIRES_AT, now.plus(lifetime))
			.execute();
		return token;
	}

	/** Uses the token up: its user if it was live, for this purpose. */
	Optional<UserId> redeem(Purpose purpose, String token) {
		Optional<byte[]> hash = SessionTokens.hashOf(token);
		if (hash.isEmpty()) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		return db.housekeeping(DbContext.tokenLookup(hash.get()),
				sql -> sql.update(ONE_TIME_TOKENS)
					.set(ONE_TIME_TOKENS.USED_AT, now)
					.where(ONE_TIME_TOKENS.TOKEN_HASH.eq(hash.get()))
					.and(ONE_TIME_TOKENS.PURPOSE.eq(purpose.column))
					.and(ONE_TIME_TOKENS.USED_AT.isNull())
					.and(ONE_TIME_TOKENS.EXPIRES_AT.gt(now))
					.returningResult(ONE_TIME_TOKENS.USER_ID)
					.fetchOptional(r -> new UserId(r.value1())));
	}

	/**
	 * Uses up a link's token and names its user as the one acting (the link proves them):
	 * the activity log files the step under them. {@link InvalidToken} when it was not
	 * live.
	 */
	UserId redeemForLink(Purpose purpose, String token) {
		UserId user = redeem(purpose, token).orElseThrow(InvalidToken::new);
		events.publishEvent(new IdentityEvent.LinkFollowed(user));
		return user;
	}

	/**
	 * Refuses a new link when the user was sent {@code perHour} of this kind in the last
	 * hour (a brake on mail bombing).
	 */
	void requireFewRecent(DSLContext sql, Purpose purpose, UserId user, int perHour) {
		if (issuedSince(sql, purpose, user, clock.instant().minus(Duration.ofHours(1))) >= perHour) {
			throw new dev.rampart.shared.Conflict(
					"a few links were sent in the last hour: use one of them, or try again later");
		}
	}

	/**
	 * The user of a live token, without using it up (a sign-in challenge before its
	 * second factor).
	 */
	Optional<UserId> peek(Purpose purpose, String token) {
		Optional<byte[]> hash = SessionTokens.hashOf(token);
		if (hash.isEmpty()) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		return db.read(DbContext.tokenLookup(hash.get()),
				sql -> sql.select(ONE_TIME_TOKENS.USER_ID)
					.from(ONE_TIME_TOKENS)
					.where(ONE_TIME_TOKENS.TOKEN_HASH.eq(hash.get()))
					.and(ONE_TIME_TOKENS.PURPOSE.eq(purpose.column))
					.and(ONE_TIME_TOKENS.USED_AT.isNull())
					.and(ONE_TIME_TOKENS.EXPIRES_AT.gt(now))
					.fetchOptional(r -> new UserId(r.value1())));
	}

	/**
	 * Live tokens of this purpose the user was given since {@code since} (a brake on mail
	 * bombing).
	 */
	int issuedSince(DSLContext sql, Purpose purpose, UserId user, Instant since) {
		return sql.fetchCount(ONE_TIME_TOKENS,
				ONE_TIME_TOKENS.USER_ID.eq(user.value())
					.and(ONE_TIME_TOKENS.PURPOSE.eq(purpose.column))
					.and(ONE_TIME_TOKENS.CREATED_AT.gt(since)));
	}

}
