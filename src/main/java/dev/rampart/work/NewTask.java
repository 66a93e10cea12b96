package dev.rampart.work;

import dev.rampart.shared.UserId;
import java.time.LocalDate;
import java.util.Optional;

/** What a client gives to create a task. */
public record NewTask(String title, String description, TaskStatus status, TaskPriority priority,
		TaskVisibility visibility, Optional<UserId> assignee, Optional<LocalDate> dueDate) {
}
