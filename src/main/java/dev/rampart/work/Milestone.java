package dev.rampart.work;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * A milestone of a project, with its progress as the reader sees it: {@code taskCount}
 * tasks in it of which {@code doneCount} have a status of the done category (done or
 * cancelled in the default workflow), counting only tasks the reader may see.
 */
public record Milestone(UUID id, OrgId orgId, ProjectId projectId, String name, Optional<LocalDate> dueDate,
		State state, int taskCount, int doneCount, UserId createdBy, Instant createdAt, Instant updatedAt) {

	public enum State {

		OPEN, CLOSED;

		public String wireName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		public static State parse(String field, String value) {
			for (State state : values()) {
				if (state.wireName().equals(value)) {
					return state;
				}
			}
			throw new dev.rampart.shared.InvalidInput(field, "must be open or closed");
		}

	}

}
