package dev.rampart.work;

import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One field of a task changed: by whom ({@code actorName} empty where the reader may not
 * see the person, or the change was the system's), when, from what to what. A label put
 * on has only {@code to}, one taken off only {@code from}.
 */
public record TaskHistoryEntry(UUID id, Instant at, Optional<UserId> actor, Optional<String> actorName, String field,
		Optional<Value> from, Optional<Value> to) {

	/**
	 * A value as stored ({@code value}: a status key, a user, milestone or label id, a
	 * date, a number, a text) and what it is called where it names something the reader
	 * may see ({@code label}: the status's name, the person's, the milestone's or the
	 * label's).
	 */
	public record Value(String value, Optional<String> label) {
	}

}
