package dev.rampart.identity;

import dev.rampart.shared.UserId;
import java.time.Instant;

/** What a user may see of their own account. */
public record UserProfile(UserId id, String email, String displayName, Instant createdAt, boolean emailVerified) {
}
