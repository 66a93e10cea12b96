package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.API_TOKENS;
import static dev.rampart.db.schema.Tables.KNOWN_DEVICES;
import static dev.rampart.db.schema.Tables.ONE_TIME_TOKENS;
import static dev.rampart.db.schema.Tables.RECOVERY_CODES;
import static dev.rampart.db.schema.Tables.TOTP_CREDENTIALS;
import static dev.rampart.db.schema.Tables.USERS;
import static dev.rampart.db.schema.Tables.USER_SESSIONS;
import static dev.rampart.db.schema.Tables.WEBAUTHN_CREDENTIALS;
import static dev.rampart.db.schema.Tables.WEBAUTHN_USERS;

import dev.rampart.shared.UserId;
import java.security.SecureRandom;
import java.time.Instant;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Erases an account its owner deleted, inside the caller's transaction: every way in
 * (sessions, API tokens, second factors, passkeys, known devices, pending links) is
 * removed, the email address and display name are overwritten and the email's blind index
 * replaced by random bytes (the address can sign up again), the password hash made
 * unusable. The row stays, marked deleted, so tasks, comments and log entries it authored
 * keep pointing somewhere ("deleted user").
 */
@Service
public class AccountErasure {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final UserFields fields;

	AccountErasure(UserFields fields) {
		this.fields = fields;
	}

	public void erase(DSLContext sql, UserId user, Instant now) {
		java.util.UUID id = user.value();
		sql.deleteFrom(TOTP_CREDENTIALS).where(TOTP_CREDENTIALS.USER_ID.eq(id)).execute();
		sql.deleteFrom(RECOVERY_CODES).where(RECOVERY_CODES.USER_ID.eq(id)).execute();
		sql.deleteFrom(WEBAUTHN_CREDENTIALS).where(WEBAUTHN_CREDENTIALS.USER_ID.eq(id)).execute();
		sql.deleteFrom(WEBAUTHN_USERS).where(WEBAUTHN_USERS.USER_ID.eq(id)).execute();
		sql.deleteFrom(KNOWN_DEVICES).where(KNOWN_DEVICES.USER_ID.eq(id)).execute();
		sql.deleteFrom(ONE_TIME_TOKENS).where(ONE_TIME_TOKENS.USER_ID.eq(id)).execute();
		sql.deleteFrom(API_TOKENS).where(API_TOKENS.USER_ID.eq(id)).execute();
		byte[] randomIndex = new byte[32];
		RANDOM.nextBytes(randomIndex);
		sql.update(USERS)
			.set(USERS.EMAIL, fields.sealEmail(user, ""))
			.set(USERS.DISPLAY_NAME, fields.sealDisplayName(user, ""))
			.set(USERS.EMAIL_INDEX, randomIndex)
			.setNull(USERS.EMAIL_PLAIN)
			.setNull(USERS.DISPLAY_NAME_PLAIN)
			.setNull(USERS.PENDING_EMAIL)
			.setNull(USERS.PENDING_EMAIL_INDEX)
			// Not a hash any encoder produces: no password matches it.
			.set(USERS.PASSWORD_HASH, "!deleted")
			.set(USERS.MFA_ENROLLED, false)
			.set(USERS.UPDATED_AT, now)
			.set(USERS.DELETED_AT, now)
			.where(USERS.ID.eq(id))
			.and(USERS.DELETED_AT.isNull())
			.execute();
		// Last: the session this request came with goes too.
		sql.deleteFrom(USER_SESSIONS).where(USER_SESSIONS.USER_ID.eq(id)).execute();
	}

}
