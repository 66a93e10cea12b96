package dev.rampart.work;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import java.time.Instant;
import java.util.Optional;

/**
 * A project; {@code key} prefixes its tasks' keys ({@code WEB} of {@code WEB-42}), empty
 * for a project from before keys until its next change or task.
 */
public record Project(ProjectId id, OrgId orgId, String name, String description, Optional<String> key,
		Instant createdAt, Instant updatedAt, Optional<Instant> archivedAt, Optional<TemplateOrigin> template) {

	/**
	 * The template version a project was started from (until the template is deleted).
	 */
	public record TemplateOrigin(java.util.UUID template, int version) {
	}

}
