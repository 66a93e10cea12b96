package dev.rampart.work;

import dev.rampart.shared.UserId;
import java.time.LocalDate;

/** A partial update of a task; fields left as {@link Change#keep()} are not touched. */
public record TaskChanges(Change<String> title, Change<String> description, Change<TaskStatus> status,
		Change<TaskPriority> priority, Change<UserId> assignee, Change<LocalDate> dueDate,
		Change<TaskVisibility> visibility) {
}
