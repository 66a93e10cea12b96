package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;
import static dev.rampart.db.schema.Tables.USER_SESSIONS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Sensitive actions (changing roles, creating API tokens, key operations, deleting an
 * organization, changing email, password or second factors) need the user proven within
 * the step-up window (10 minutes): by a second factor if the account has one, by the
 * password otherwise. Signing in counts. API tokens never pass: these actions need a
 * person's session.
 */
@Service
public class StepUp {

	private final Database db;

	private final IdentitySettings settings;

	private final Clock clock;

	private final PasswordEncoder passwords;

	StepUp(Database db, IdentitySettings settings, Clock clock, PasswordEncoder passwords) {
		this.db = db;
		this.settings = settings;
		this.clock = clock;
		this.passwords = passwords;
	}

	/**
	 * Throws {@link StepUpRequired} unless the actor's session proved its user recently
	 * enough.
	 */
	public void require(Actor actor) {
		Actor.Credential credential = actor.credential();
		if (credential.apiToken()) {
			throw new StepUpRequired("API tokens cannot do this; use a signed-in session");
		}
		Instant proven = credential.provenAt();
		if (proven == null || proven.plus(settings.stepUpWindow()).isBefore(clock.instant())) {
			throw new StepUpRequired("prove it is you again (POST /api/v1/auth/step-up)");
		}
		if (credential.mfaEnrolled() && !credential.secondFactor()) {
			throw new StepUpRequired("this session has not used the account's second factor");
		}
	}

	/**
	 * {@link #require} for accounts that already have a second factor (enrolling the
	 * first needs none).
	 */
	void requireIfEnrolled(Actor actor) {
		if (actor.credential().mfaEnrolled() || actor.credential().apiToken()) {
			require(actor);
		}
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
