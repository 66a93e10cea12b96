package dev.rampart.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Entries newest first; {@code next} is the cursor of the following (older) page, if any;
 * {@code actorNames} the display names of the actors the reader may see.
 */
public record AuditPage(List<AuditEntry> entries, @Nullable String next,
		java.util.Map<java.util.UUID, String> actorNames) {

	public @Nullable String actorName(AuditEntry entry) {
		return entry.actorId() == null ? null : actorNames.get(entry.actorId());
	}

}
