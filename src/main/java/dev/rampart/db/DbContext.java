package dev.rampart.db;

import dev.rampart.shared.UserId;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * What row-level security may see in one transaction: the signed-in user, and for the
 * steps before sign-in completes, the one account or one session token the request names
 * exactly.
 */
public record DbContext(@Nullable UserId user, byte @Nullable [] lookupEmailIndex, byte @Nullable [] lookupTokenHash) {

	/**
	 * No user: only tables whose policies admit everyone (infrastructure: keys, the
	 * activity log's own writes).
	 */
	public static DbContext none() {
		return new DbContext(null, null, null);
	}

	public static DbContext user(UserId user) {
		return new DbContext(user, null, null);
	}

	/** Only the account whose email has exactly this blind index is visible. */
	public static DbContext emailLookup(byte[] emailIndex) {
		return new DbContext(null, emailIndex.clone(), null);
	}

	/**
	 * A user context that may additionally see the one account whose email has this blind
	 * index.
	 */
	public static DbContext userWithEmailLookup(UserId user, byte[] emailIndex) {
		return new DbContext(user, emailIndex.clone(), null);
	}

	/**
	 * A user context that may additionally see the one row (invitation, credential) this
	 * token hash names.
	 */
	public static DbContext userWithTokenLookup(UserId user, byte[] tokenHash) {
		return new DbContext(user, null, tokenHash.clone());
	}

	/** Only the session with exactly this token hash is visible. */
	public static DbContext tokenLookup(byte[] tokenHash) {
		return new DbContext(null, null, tokenHash.clone());
	}

	String userSetting() {
		return user == null ? "" : user.value().toString();
	}

	String emailIndexSetting() {
		return lookupEmailIndex == null ? "" : HexFormat.of().formatHex(lookupEmailIndex);
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
				&& java.util.Arrays.equals(lookupEmailIndex, that.lookupEmailIndex)
				&& java.util.Arrays.equals(lookupTokenHash, that.lookupTokenHash);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(user, java.util.Arrays.hashCode(lookupEmailIndex),
				java.util.Arrays.hashCode(lookupTokenHash));
	}

}
