package dev.rampart.shared;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The signed-in user on whose behalf an operation runs, and the credential that proved
 * it. Every module API that touches tenant data takes one, so there is no way to call it
 * anonymously.
 *
 * @param sessionId the session, or the personal API token, presented
 * @param credential how the user was proven: a session (and when it last proved its user)
 * or an API token (with its scope)
 */
public record Actor(UserId userId, SessionId sessionId, Credential credential) implements java.io.Serializable {

	/**
	 * A session proven by sign-in just now, without a second factor: what tests and tools
	 * mostly need.
	 */
	public Actor(UserId userId, SessionId sessionId) {
		this(userId, sessionId, Credential.session(false, false, null));
	}

	/**
	 * @param apiToken a personal API token rather than a session
	 * @param readOnly may only read (a read-only API token)
	 * @param onlyOrg the one organization an API token may reach; null: every one its
	 * user reaches
	 * @param mfaEnrolled the account has a second factor
	 * @param secondFactor the session was opened (or stepped up) with a second factor
	 * @param provenAt when the session last proved its user (sign-in or step-up); null
	 * for API tokens
	 */
	public record Credential(boolean apiToken, boolean readOnly, @Nullable OrgId onlyOrg, boolean mfaEnrolled,
			boolean secondFactor, @Nullable Instant provenAt) implements java.io.Serializable {

		public static Credential session(boolean mfaEnrolled, boolean secondFactor, @Nullable Instant provenAt) {
			return new Credential(false, false, null, mfaEnrolled, secondFactor, provenAt);
		}

		public static Credential apiToken(boolean readOnly, @Nullable OrgId onlyOrg, boolean mfaEnrolled) {
			return new Credential(true, readOnly, onlyOrg, mfaEnrolled, false, null);
		}

	}

}
