package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.UserId;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Optional filters of a task list and its order. {@code titleWords}: tasks whose title contains
 * every word of it (whole words, any case and order; see {@link dev.rampart.keys.FieldCipher#words}).
 * {@code dueFrom} and {@code dueTo} are inclusive; either one leaves out tasks without a due date.
 */
public record TaskFilter(Optional<TaskStatus> status, Optional<UserId> assignee, Optional<String> titleWords,
		Optional<TaskPriority> priority, Optional<LocalDate> dueFrom, Optional<LocalDate> dueTo, TaskOrder order) {

	public static final TaskFilter NONE = new TaskFilter(Optional.empty(), Optional.empty(), Optional.empty());

	public TaskFilter {
		if (dueFrom.isPresent() && dueTo.isPresent() && dueFrom.get().isAfter(dueTo.get())) {
			throw new InvalidInput("dueFrom", "must not be after dueTo");
		}
	}

	public TaskFilter(Optional<TaskStatus> status, Optional<UserId> assignee, Optional<String> titleWords) {
		this(status, assignee, titleWords, Optional.empty(), Optional.empty(), Optional.empty(), TaskOrder.NEWEST);
	}

	public TaskFilter(Optional<TaskStatus> status, Optional<UserId> assignee) {
		this(status, assignee, Optional.empty());
	}

}
