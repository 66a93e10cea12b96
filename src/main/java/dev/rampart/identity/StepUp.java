package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;
import static dev.rampart.db.schema.Tables.USER_SESSIONS;

import dev.rampart.access.StepUpPolicy;
import dev.rampart.access.StepUpRequired;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.UserId;
import java.time.Clock;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Proving the session's user again for a step-up: a second factor if the account has one,
 * the password otherwise (or a passkey). Whether an action needs a recent proof is the
 * access module's named policy ({@link StepUpPolicy}).
 */
@Service
class StepUp {

	private final Database db;

	private final Clock clock;

	private final PasswordEncoder passwords;

	StepUp(Database db, Clock clock, PasswordEncoder passwords) {
		this.db = db;
		this.clock = clock;
		this.passwords = passwords;
	}

	/**
	 * Proves the session's user again: a second factor (TOTP or recovery code) if the
	 * account has one, else the password. {@link InvalidCredentials} (thrown inside the
	 * transaction, so no success is recorded) if what was presented does not prove it.
	 */
	void prove(Actor actor, SecondFactors factors, @org.jspecify.annotations.Nullable String password,
			@org.jspecify.annotations.Nullable String code) {
		if (actor.credential().apiToken()) {
			throw new StepUpRequired("API tokens cannot step up");
		}
		UserId user = actor.userId();
		db.write(DbContext.user(user), sql -> {
			var account = sql.select(USERS.PASSWORD_HASH, USERS.MFA_ENROLLED)
				.from(USERS)
				.where(USERS.ID.eq(user.value()))
				.fetchSingle();
			boolean proven;
			boolean secondFactor = account.value2();
			if (secondFactor) {
				if (code == null || code.isBlank()) {
					throw new dev.rampart.shared.InvalidInput("code",
							"this account has a second factor: step up with a code from it, a recovery code or a passkey");
				}
				proven = factors.verify(sql, user, code);
			}
			else {
				proven = password != null && passwords.matches(password, account.value1());
			}
			if (!proven) {
				throw new InvalidCredentials();
			}
			return sql.update(USER_SESSIONS)
				.set(USER_SESSIONS.PROVEN_AT, clock.instant())
				.set(USER_SESSIONS.SECOND_FACTOR, secondFactor)
				.where(USER_SESSIONS.ID.eq(actor.sessionId().value()))
				.execute();
		});
	}

	/** Marks the session proven just now with a second factor (a passkey step-up). */
	void provenWithPasskey(Actor actor) {
		db.write(DbContext.user(actor.userId()),
				sql -> sql.update(USER_SESSIONS)
					.set(USER_SESSIONS.PROVEN_AT, clock.instant())
					.set(USER_SESSIONS.SECOND_FACTOR, true)
					.where(USER_SESSIONS.ID.eq(actor.sessionId().value()))
					.execute());
	}

}
