package dev.rampart.work;

import dev.rampart.access.TaskRole;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Access to one task given to one member of its organization, until {@code expiresAt} if
 * set.
 */
public record TaskGrant(UUID id, TaskId task, UserId user, String email, String displayName, TaskRole role,
		Optional<Instant> expiresAt, UserId grantedBy, Instant createdAt) {
}
