package dev.rampart.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Which entries of one chain to read: every criterion given must match.
 *
 * @param actor entries by this user
 * @param action entries of this action ("task.create")
 * @param target entries about this resource id
 * @param outcome entries with this outcome
 * @param from entries at or after this time
 * @param to entries before this time
 */
public record AuditQuery(@Nullable UUID actor, @Nullable String action, @Nullable String target,
		@Nullable Outcome outcome, @Nullable Instant from, @Nullable Instant to) {

	public static AuditQuery all() {
		return new AuditQuery(null, null, null, null, null, null);
	}

}
