package dev.rampart.identity;

import dev.rampart.keys.FieldCipher.Column;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.UserId;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The personal fields of an account (email, display name), stored sealed with the
 * platform's data key and bound to the account's row, and the email's blind index by
 * which sign-in, invitations and member look-ups find an account without the database
 * holding any address.
 */
@Component
public class UserFields {

	private static final String EMAIL_INDEX = "users.email";

	private final FieldCipher cipher;

	UserFields(FieldCipher cipher) {
		this.cipher = cipher;
	}

	/** The blind index of a normalised email ({@link Emails#normalize}). */
	public byte[] emailIndex(String normalizedEmail) {
		return cipher.index(null, EMAIL_INDEX, normalizedEmail);
	}

	public byte[] sealEmail(UserId user, String normalizedEmail) {
		return cipher.seal(null, Column.USER_EMAIL, user.value(), normalizedEmail);
	}

	public byte[] sealDisplayName(UserId user, String displayName) {
		return cipher.seal(null, Column.USER_DISPLAY_NAME, user.value(), displayName);
	}

	/**
	 * A session's device or address (sealed with the platform key, bound to the session).
	 */
	byte[] sealSessionField(dev.rampart.shared.SessionId session, String column, String value) {
		return cipher.seal(null, new Column("user_sessions", column), session.value(), value);
	}

	String openSessionField(UUID session, String column, byte[] sealed) {
		return cipher.open(null, new Column("user_sessions", column), session, sealed);
	}

	/**
	 * An address waiting to replace the account's (its own column, so a moved value does
	 * not open as the email).
	 */
	byte[] sealPendingEmail(UserId user, String normalizedEmail) {
		return cipher.seal(null, new Column("users", "pending_email"), user.value(), normalizedEmail);
	}

	String pendingEmail(UUID user, byte[] sealed) {
		return cipher.open(null, new Column("users", "pending_email"), user, sealed);
	}

	public String email(UUID user, byte[] sealed) {
		return cipher.open(null, Column.USER_EMAIL, user, sealed);
	}

	public String displayName(UUID user, byte[] sealed) {
		return cipher.open(null, Column.USER_DISPLAY_NAME, user, sealed);
	}

	/** What a deleted account is called wherever its work remains. */
	public static final String DELETED_USER = "deleted user";

	/**
	 * The name others see: the sealed display name opened, or {@link #DELETED_USER} once
	 * the account is deleted.
	 */
	public String displayName(UUID user, byte[] sealed,
			java.time.@org.jspecify.annotations.Nullable Instant deletedAt) {
		return deletedAt != null ? DELETED_USER : displayName(user, sealed);
	}

}
