package dev.rampart.work;

import dev.rampart.shared.Inputs;
import dev.rampart.shared.UserRef;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a client gives to create a task; without a status it starts at its workflow's
 * first.
 */
public record NewTask(String title, String description, Optional<TaskStatus> status, TaskPriority priority,
		TaskVisibility visibility, Optional<UserRef> assignee, Optional<LocalDate> dueDate, TaskPlan plan) {

	/**
	 * Reads a new task from client fields (REST or GraphQL); absent optional fields take
	 * defaults.
	 */
	public static NewTask parse(@Nullable String title, @Nullable String description, @Nullable String status,
			@Nullable String priority, @Nullable String visibility, @Nullable String assigneeId,
			@Nullable String assigneeEmail, @Nullable String dueDate, TaskPlan plan) {
		return new NewTask(Inputs.required("title", title), Objects.requireNonNullElse(description, ""),
				Optional.ofNullable(status).map(s -> TaskStatus.parse("status", s)),
				priority == null ? TaskPriority.MEDIUM : TaskPriority.parse("priority", priority),
				visibility == null ? TaskVisibility.PROJECT : TaskVisibility.parse("visibility", visibility),
				Optional.ofNullable(UserRef.optional("assigneeId", assigneeId, "assigneeEmail", assigneeEmail)),
				Optional.ofNullable(dueDate).map(d -> Inputs.date("dueDate", d)), plan);
	}

}
