package dev.rampart.work;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A task. {@code version} grows with each change and guards concurrent edits;
 * {@code assigneeName} is the assignee's display name where the reader may see it;
 * {@code key} the key people use ({@code WEB-42}) where the reader may see the project
 * (its {@code number} never changes).
 */
public record Task(TaskId id, OrgId orgId, ProjectId projectId, int number, Optional<String> key, String title,
		String description, TaskStatus status, TaskPriority priority, TaskVisibility visibility,
		Optional<UserId> assignee, Optional<LocalDate> startDate, Optional<LocalDate> dueDate,
		Optional<Integer> estimateMinutes, Optional<UUID> milestone, List<UUID> labels, UserId createdBy,
		Instant createdAt, UserId updatedBy, Instant updatedAt, int version, Optional<String> assigneeName,
		Placement placement) {

	/**
	 * Where the task stands in its project's planning: its sprint (none: the backlog),
	 * its story points and its rank (the order of the backlog and of each sprint).
	 */
	public record Placement(Optional<UUID> sprint, Optional<Integer> storyPoints, String rank) {
	}

	Task named(java.util.Map<UserId, String> names) {
		return new Task(id, orgId, projectId, number, key, title, description, status, priority, visibility, assignee,
				startDate, dueDate, estimateMinutes, milestone, labels, createdBy, createdAt, updatedBy, updatedAt,
				version, assignee.map(names::get), placement);
	}

	Task keyed(Optional<String> prefix) {
		return new Task(id, orgId, projectId, number, prefix.map(p -> p + "-" + number), title, description, status,
				priority, visibility, assignee, startDate, dueDate, estimateMinutes, milestone, labels, createdBy,
				createdAt, updatedBy, updatedAt, version, assigneeName, placement);
	}

	Task labelled(List<UUID> labelIds) {
		return new Task(id, orgId, projectId, number, key, title, description, status, priority, visibility, assignee,
				startDate, dueDate, estimateMinutes, milestone, List.copyOf(labelIds), createdBy, createdAt, updatedBy,
				updatedAt, version, assigneeName, placement);
	}

}
