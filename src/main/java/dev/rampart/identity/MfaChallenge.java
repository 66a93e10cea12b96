package dev.rampart.identity;

import java.time.Instant;

/**
 * The password was right and the account has a second factor: not a session yet.
 * {@code token} (single use, short-lived) goes with the second factor to finish signing
 * in. Which factors the account has is told, so the client can offer the right one.
 */
public record MfaChallenge(String token, Instant expiresAt, boolean totp, boolean passkey) implements SignInResult {

	@Override
	public String toString() {
		return "MfaChallenge[expiresAt=" + expiresAt + "]";
	}

}
