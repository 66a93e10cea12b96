package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A sprint of a project: its time box, its state, and what is planned into it (the tasks
 * the reader can see: how many, their story points, those done).
 */
public record Sprint(UUID id, OrgId orgId, ProjectId projectId, String name, String goal, LocalDate startDate,
		LocalDate endDate, State state, Optional<Instant> startedAt, Optional<Instant> closedAt, UserId createdBy,
		Instant createdAt, Instant updatedAt, int version, int taskCount, int points, int donePoints) {

	public enum State {

		PLANNED, ACTIVE, CLOSED;

		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		static State parse(String field, String value) {
			for (State state : values()) {
				if (state.wireName().equals(value)) {
					return state;
				}
			}
			throw new InvalidInput(field, "must be planned, active or closed");
		}

	}

}
