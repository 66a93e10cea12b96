package dev.rampart.work;

import dev.rampart.shared.UserId;
import java.util.Optional;

/**
 * Optional filters of a task list. {@code titleWords}: tasks whose title contains every word of it
 * (whole words, any case and order; see {@link dev.rampart.keys.FieldCipher#words}).
 */
public record TaskFilter(Optional<TaskStatus> status, Optional<UserId> assignee, Optional<String> titleWords) {

	public static final TaskFilter NONE = new TaskFilter(Optional.empty(), Optional.empty(), Optional.empty());

	public TaskFilter(Optional<TaskStatus> status, Optional<UserId> assignee) {
		this(status, assignee, Optional.empty());
	}

}
