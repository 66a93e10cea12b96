package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USER_SESSIONS;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.SessionId;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The user's own sessions: list them (device, address, created, last used), end one, or
 * all.
 */
@Service
public class Sessions {

	private final Database db;

	private final UserFields fields;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final CredentialPolicies credentials;

	Sessions(CredentialPolicies credentials, ApplicationEventPublisher events, Database db, UserFields fields,
			Clock clock) {
		this.credentials = credentials;
		this.events = events;
		this.db = db;
		this.fields = fields;
		this.clock = clock;
	}

	/** Live sessions, newest first; the one making the request is marked. */
	public List<SessionInfo> list(Actor actor) {
		Instant now = clock.instant();
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(USER_SESSIONS)
					.where(live(actor.userId(), now))
					.orderBy(USER_SESSIONS.CREATED_AT.desc(), USER_SESSIONS.ID)
					.fetch(r -> new SessionInfo(new SessionId(r.getId()),
							r.getDevice() == null ? null
									: fields.openSessionField(r.getId(), SignIn.SESSION_DEVICE, r.getDevice()),
							r.getAddress() == null ? null
									: fields.openSessionField(r.getId(), SignIn.SESSION_ADDRESS, r.getAddress()),
							r.getCreatedAt(), r.getLastSeenAt(), r.getExpiresAt(), r.getSecondFactor(),
							r.getId().equals(actor.sessionId().value()))));
	}

	/** Ends one of the user's sessions; its token never works again. */
	public void revoke(Actor actor, SessionId session) {
		credentials.requireMayChange(actor);
		db.write(DbContext.user(actor.userId()), sql -> {
			int revoked = Database.requireChanged(sql.update(USER_SESSIONS)
				.set(USER_SESSIONS.REVOKED_AT, clock.instant())
				.where(live(actor.userId(), clock.instant()))
				.and(USER_SESSIONS.ID.eq(session.value()))
				.execute(), () -> new NotFound("session"));
			events.publishEvent(new IdentityEvent.SessionRevoked(session));
			return revoked;
		});
	}

	/**
	 * Signs out everywhere: every session of the user, or every other one
	 * ({@code keepCurrent}).
	 */
	public int revokeAll(Actor actor, boolean keepCurrent) {
		credentials.requireMayChange(actor);
		return db.write(DbContext.user(actor.userId()),
				sql -> revokeAll(sql, actor.userId(), keepCurrent ? actor.sessionId() : null, clock.instant()));
	}

	/**
	 * In {@code sql}'s transaction (the user's own): ends the user's sessions but
	 * {@code keep}.
	 */
	static int revokeAll(DSLContext sql, UserId user, @org.jspecify.annotations.Nullable SessionId keep, Instant now) {
		Condition which = USER_SESSIONS.USER_ID.eq(user.value()).and(USER_SESSIONS.REVOKED_AT.isNull());
		if (keep != null) {
			which = which.and(USER_SESSIONS.ID.ne(keep.value()));
		}
		return sql.update(USER_SESSIONS).set(USER_SESSIONS.REVOKED_AT, now).where(which).execute();
	}

	private static Condition live(UserId user, Instant now) {
		return USER_SESSIONS.USER_ID.eq(user.value())
			.and(USER_SESSIONS.REVOKED_AT.isNull())
			.and(USER_SESSIONS.EXPIRES_AT.gt(now));
	}

}
