package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.CSRF_TOKENS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.InvalidInput;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/**
 * One-time tokens that a browser session must send with every state-changing request it
 * makes with the session cookie. Short-lived, bound to the session, stored hashed,
 * consumed on use (the row is deleted, so a replay finds nothing, on any node). Clients
 * fetch several at once so they can make changes in parallel. Control C13
 * (docs/controls.md).
 */
@Service
public class CsrfTokens {

	public static final int MAX_PER_REQUEST = 20;

	/** Outstanding tokens kept per session; older ones are dropped. */
	static final int MAX_OUTSTANDING = 100;

	private final Database db;

	private final IdentitySettings settings;

	private final Clock clock;

	CsrfTokens(Database db, IdentitySettings settings, Clock clock) {
		this.db = db;
		this.settings = settings;
		this.clock = clock;
	}

	/** Issued tokens, shown once, and when they stop working. */
	public record Issued(List<String> tokens, Instant expiresAt) {
	}

	public Issued issue(Actor actor, int count) {
		if (actor.credential().apiToken()) {
			throw new InvalidInput("session", "API tokens are sent as bearer tokens and need no CSRF tokens");
		}
		if (count < 1 || count > MAX_PER_REQUEST) {
			throw new InvalidInput("count", "must be between 1 and " + MAX_PER_REQUEST);
		}
		Instant now = Clocks.now(clock);
		Instant expires = now.plus(settings.csrfTokenLifetime());
		List<String> tokens = new ArrayList<>();
		db.housekeeping(DbContext.user(actor.userId()), sql -> {
			sql.deleteFrom(CSRF_TOKENS)
				.where(CSRF_TOKENS.SESSION_ID.eq(actor.sessionId().value()))
				.and(CSRF_TOKENS.EXPIRES_AT.le(now))
				.execute();
			for (int i = 0; i < count; i++) {
				String token = SessionTokens.newToken();
				tokens.add(token);
				sql.insertInto(CSRF_TOKENS)
					.set(CSRF_TOKENS.TOKEN_HASH, hex(SessionTokens.sha256(token)))
					.set(CSRF_TOKENS.SESSION_ID, actor.sessionId().value())
					.set(CSRF_TOKENS.USER_ID, actor.userId().value())
					.set(CSRF_TOKENS.EXPIRES_AT, expires)
					.set(CSRF_TOKENS.CREATED_AT, now)
					.execute();
			}
			return sql.deleteFrom(CSRF_TOKENS)
				.where(CSRF_TOKENS.SESSION_ID.eq(actor.sessionId().value()))
				.and(CSRF_TOKENS.TOKEN_HASH.notIn(DSL.select(CSRF_TOKENS.TOKEN_HASH)
					.from(CSRF_TOKENS)
					.where(CSRF_TOKENS.SESSION_ID.eq(actor.sessionId().value()))
					.orderBy(CSRF_TOKENS.CREATED_AT.desc())
					.limit(MAX_OUTSTANDING)))
				.execute();
		});
		return new Issued(List.copyOf(tokens), expires);
	}

	/**
	 * Uses up {@code token} if it is live and belongs to the actor's session; false
	 * otherwise.
	 */
	public boolean consume(Actor actor, String token) {
		Optional<byte[]> hash = SessionTokens.hashOf(token);
		if (hash.isEmpty()) {
			return false;
		}
		Instant now = Clocks.now(clock);
		return db.housekeeping(DbContext.user(actor.userId()),
				sql -> sql.deleteFrom(CSRF_TOKENS)
					.where(CSRF_TOKENS.TOKEN_HASH.eq(hex(hash.get())))
					.and(CSRF_TOKENS.SESSION_ID.eq(actor.sessionId().value()))
					.and(CSRF_TOKENS.EXPIRES_AT.gt(now))
					.execute()) == 1;
	}

	private static String hex(byte[] hash) {
		return HexFormat.of().formatHex(hash);
	}

}
