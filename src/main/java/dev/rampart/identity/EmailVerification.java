package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * Confirms an account's address with the link sent at sign-up (single use, 24 hours), and
 * sends a new one.
 */
@Service
public class EmailVerification {

	private final Database db;

	private final OneTimeTokens tokens;

	private final SignUp signUp;

	private final UserFields fields;

	private final IdentitySettings settings;

	private final Clock clock;

	private final CredentialPolicies credentials;

	EmailVerification(CredentialPolicies credentials, Database db, OneTimeTokens tokens, SignUp signUp,
			UserFields fields, IdentitySettings settings, Clock clock) {
		this.credentials = credentials;
		this.db = db;
		this.tokens = tokens;
		this.signUp = signUp;
		this.fields = fields;
		this.settings = settings;
		this.clock = clock;
	}

	public void verify(String token) {
		UserId user = tokens.redeemForLink(OneTimeTokens.Purpose.VERIFY_EMAIL, token);
		Instant now = clock.instant();
		db.write(DbContext.user(user),
				sql -> sql.update(USERS)
					.set(USERS.EMAIL_VERIFIED_AT, now)
					.where(USERS.ID.eq(user.value()))
					.and(USERS.EMAIL_VERIFIED_AT.isNull())
					.execute());
	}

	/**
	 * A new link for the signed-in user's address (at most a few an hour), unless it is
	 * confirmed already.
	 */
	public void resend(Actor actor) {
		credentials.requireMayChange(actor);
		UserId user = actor.userId();
		db.write(DbContext.user(user), sql -> {
			var account = sql.select(USERS.EMAIL, USERS.DISPLAY_NAME, USERS.EMAIL_VERIFIED_AT)
				.from(USERS)
				.where(USERS.ID.eq(user.value()))
				.fetchSingle();
			if (account.value3() != null) {
				throw new Conflict("the address is confirmed already");
			}
			tokens.requireFewRecent(sql, OneTimeTokens.Purpose.VERIFY_EMAIL, user, settings.resetMailsPerHour());
			signUp.sendVerification(sql, user, fields.email(user.value(), account.value1()),
					fields.displayName(user.value(), account.value2()));
			return null;
		});
	}

}
