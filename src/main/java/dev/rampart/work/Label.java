package dev.rampart.work;

import dev.rampart.shared.OrgId;
import java.time.Instant;
import java.util.UUID;

/** A label of an organization: a name and a colour ({@code #rrggbb}). */
public record Label(UUID id, OrgId orgId, String name, String colour, Instant createdAt, Instant updatedAt) {
}
