package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * One version of a process template with its document. A draft changes with every save
 * ({@code revision} counts them); a published version never changes again.
 */
public record TemplateVersion(Summary summary, TemplateDocument document) {

	public enum State {

		DRAFT, PUBLISHED;

		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		static State parse(String field, String value) {
			for (State state : values()) {
				if (state.wireName().equals(value)) {
					return state;
				}
			}
			throw new InvalidInput(field, "must be draft or published");
		}

	}

	/** What a list of versions shows. */
	public record Summary(UUID id, UUID templateId, int number, State state, int stepCount, int revision,
			UserId createdBy, Instant createdAt, UserId updatedBy, Instant updatedAt, Optional<UserId> publishedBy,
			Optional<Instant> publishedAt) {
	}

}
