package dev.rampart.bi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A BI user: a PostgreSQL login role of the organization in the BI database.
 *
 * @param login its current user name
 * @param previousLogin after a rotation, the user name that keeps working until
 * {@code previousLoginRetiresAt}
 * @param allowedNetworks the networks it may connect from (CIDRs)
 */
public record BiUser(UUID id, String label, String login, List<String> allowedNetworks, Instant expiresAt,
		Instant createdAt, @Nullable String previousLogin, @Nullable Instant previousLoginRetiresAt) {
}
