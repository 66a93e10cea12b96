package dev.rampart.work;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A process template of an organization: its name (that of its newest version) and its
 * versions, newest first, without their documents.
 */
public record ProcessTemplate(UUID id, OrgId org, String name, UserId createdBy, Instant createdAt, Instant updatedAt,
		List<TemplateVersion.Summary> versions) {

	public ProcessTemplate {
		versions = List.copyOf(versions);
	}

	/** The draft being edited, if there is one. */
	public Optional<TemplateVersion.Summary> draft() {
		return versions.stream().filter(v -> v.state() == TemplateVersion.State.DRAFT).findFirst();
	}

	/** The newest published version, if there is one. */
	public Optional<TemplateVersion.Summary> latestPublished() {
		return versions.stream().filter(v -> v.state() == TemplateVersion.State.PUBLISHED).findFirst();
	}

}
