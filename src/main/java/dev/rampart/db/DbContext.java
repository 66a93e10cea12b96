package dev.rampart.db;

import dev.rampart.shared.UserId;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * What row-level security may see in one transaction: the signed-in user, and for the steps
 * before sign-in completes, the one account or one session token the request names exactly.
 */
public record DbContext(@Nullable UserId user, @Nullable String lookupEmail, byte @Nullable [] lookupTokenHash) {

	/** No user: only tables whose policies admit everyone (infrastructure: keys, the activity log's own writes). */
	public static DbContext none() {
		return new DbContext(null, null, null);
	}

	public static DbContext user(UserId user) {
		return new DbContext(user, null, null);
	}

	/** Only the account with exactly this (normalised) email is visible. */
	public static DbContext emailLookup(String email) {
		return new DbContext(null, email, null);
	}

	/** A user context that may additionally see the one account with this email. */
	public static DbContext userWithEmailLookup(UserId user, String email) {
		return new DbContext(user, email, null);
	}

	/** Only the session with exactly this token hash is visible. */
	public static DbContext tokenLookup(byte[] tokenHash) {
		return new DbContext(null, null, tokenHash.clone());
	}

	String userSetting() {
		return user == null ? "" : user.value().toString();
	}

	String emailSetting() {
		return lookupEmail == null ? "" : lookupEmail;
	}

	String tokenHashSetting() {
		return lookupTokenHash == null ? "" : HexFormat.of().formatHex(lookupTokenHash);
	}

	@Override
	public String toString() {
		return "DbContext[user=" + user + "]";
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DbContext that && java.util.Objects.equals(user, that.user)
				&& java.util.Objects.equals(lookupEmail, that.lookupEmail)
				&& java.util.Arrays.equals(lookupTokenHash, that.lookupTokenHash);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(user, lookupEmail, java.util.Arrays.hashCode(lookupTokenHash));
	}

}
