package dev.rampart.work;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A task. {@code version} grows with each change and guards concurrent edits;
 * {@code assigneeName} is the assignee's display name where the reader may see it.
 */
public record Task(TaskId id, OrgId orgId, ProjectId projectId, String title, String description, TaskStatus status,
		TaskPriority priority, TaskVisibility visibility, Optional<UserId> assignee, Optional<LocalDate> dueDate,
		UserId createdBy, Instant createdAt, UserId updatedBy, Instant updatedAt, int version,
		Optional<String> assigneeName) {

	Task named(java.util.Map<UserId, String> names) {
		return new Task(id, orgId, projectId, title, description, status, priority, visibility, assignee, dueDate,
				createdBy, createdAt, updatedBy, updatedAt, version, assignee.map(names::get));
	}

}
