package dev.rampart.work;

import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One item of a task's checklist: its place in the list (0 first), its text and whether
 * it is done, by whom and when.
 */
public record ChecklistItem(UUID id, TaskId taskId, int position, String text, Optional<UserId> doneBy,
		Optional<Instant> doneAt, UserId createdBy, Instant createdAt, Instant updatedAt) {

	public boolean done() {
		return doneAt.isPresent();
	}

}
