package dev.rampart.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Entries newest first; {@code next} is the cursor of the following (older) page, if any. */
public record AuditPage(List<AuditEntry> entries, @Nullable String next) {
}
