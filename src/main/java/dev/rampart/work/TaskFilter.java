package dev.rampart.work;

import dev.rampart.shared.UserId;
import java.util.Optional;

/** Optional filters of a task list. */
public record TaskFilter(Optional<TaskStatus> status, Optional<UserId> assignee) {

	public static final TaskFilter NONE = new TaskFilter(Optional.empty(), Optional.empty());

}
