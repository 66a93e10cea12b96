package dev.rampart.identity;

import dev.rampart.shared.SessionId;
import dev.rampart.shared.UserId;
import java.time.Instant;

/**
 * A new session. {@code token} is the only copy of the secret: hand it to the client once
 * and never log it. {@code deviceToken} is the device cookie the client keeps for later
 * sign-ins.
 */
public record IssuedSession(SessionId sessionId, UserId userId, String token, Instant expiresAt,
		String deviceToken) implements SignInResult {

	@Override
	public String toString() {
		return "IssuedSession[" + sessionId + ", user=" + userId + ", expiresAt=" + expiresAt + "]";
	}

}
