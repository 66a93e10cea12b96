package dev.rampart.work;

import dev.rampart.access.OrgRole;
import dev.rampart.shared.OrgId;
import java.time.Instant;

/**
 * An organization as one of its members sees it, with that member's own role;
 * {@code requireMfa}: members need a second factor to reach its data.
 */
public record Organization(OrgId id, String name, OrgRole myRole, Instant createdAt, Instant updatedAt,
		boolean requireMfa) {
}
