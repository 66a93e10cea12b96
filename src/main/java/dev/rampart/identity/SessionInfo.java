package dev.rampart.identity;

import dev.rampart.shared.SessionId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One of the user's sessions as they see it: the device and address it was opened from.
 */
public record SessionInfo(SessionId id, @Nullable String device, @Nullable String address, Instant createdAt,
		Instant lastUsedAt, Instant expiresAt, boolean secondFactor, boolean current) {
}
