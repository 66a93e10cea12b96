package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USER_SESSIONS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.SessionId;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Who a request acts for: the session token or personal API token it presents, checked on
 * every request (known, not revoked, not expired, not idle too long). Control C04
 * (docs/controls.md).
 */
@Service
public class SessionAuthentication {

	/** Sessions seen more recently than this are not written again on each request. */
	private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);

	private final Database db;

	private final IdentitySettings settings;

	private final Clock clock;

	private final ApiTokens apiTokens;

	SessionAuthentication(Database db, IdentitySettings settings, Clock clock, ApiTokens apiTokens) {
		this.db = db;
		this.settings = settings;
		this.clock = clock;
		this.apiTokens = apiTokens;
	}

	/**
	 * The actor a presented token stands for, if it is well formed, known, not revoked,
	 * not past its absolute expiry and not idle for longer than allowed.
	 */
	public Optional<Actor> authenticate(String token) {
		if (token.startsWith(ApiTokens.PREFIX)) {
			return apiTokens.authenticate(token);
		}
		Optional<byte[]> hash = SessionTokens.hashOf(token);
		if (hash.isEmpty()) {
			return Optional.empty();
		}
		Instant now = Clocks.now(clock);
		return db.housekeeping(DbContext.tokenLookup(hash.get()), sql -> {
			var session = sql
				.select(USER_SESSIONS.ID, USER_SESSIONS.USER_ID, USER_SESSIONS.LAST_SEEN_AT, USER_SESSIONS.EXPIRES_AT,
						USER_SESSIONS.REVOKED_AT, USER_SESSIONS.PROVEN_AT, USER_SESSIONS.SECOND_FACTOR,
						USER_SESSIONS.MFA_ENROLLED)
				.from(USER_SESSIONS)
				.where(USER_SESSIONS.TOKEN_HASH.eq(hash.get()))
				.fetchOptional();
			if (session.isEmpty() || session.get().value5() != null || !now.isBefore(session.get().value4())
					|| !now.isBefore(session.get().value3().plus(settings.sessionIdleTimeout()))) {
				return Optional.<Actor>empty();
			}
			if (session.get().value3().plus(TOUCH_INTERVAL).isBefore(now)) {
				sql.update(USER_SESSIONS)
					.set(USER_SESSIONS.LAST_SEEN_AT, now)
					.where(USER_SESSIONS.ID.eq(session.get().value1()))
					.execute();
			}
			var row = session.get();
			return Optional.of(new Actor(new UserId(row.value2()), new SessionId(row.value1()),
					Actor.Credential.session(Boolean.TRUE.equals(row.value8()), row.value7(), row.value6())));
		});
	}

}
