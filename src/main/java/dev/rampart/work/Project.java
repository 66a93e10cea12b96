package dev.rampart.work;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import java.time.Instant;

public record Project(ProjectId id, OrgId orgId, String name, String description, Instant createdAt, Instant updatedAt,
		java.util.Optional<Instant> archivedAt) {
}
