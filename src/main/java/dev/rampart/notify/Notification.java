package dev.rampart.notify;

import dev.rampart.shared.CommentId;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One notification as its recipient sees it: what happened, to which task (its key and
 * title as the recipient may read them now) or project, by whom, and whether it was read.
 * {@code detail}: the new status's name (status_changed), the due date (due_tomorrow,
 * overdue).
 */
public record Notification(UUID id, NotificationKind kind, OrgId org, ProjectId project, Optional<TaskId> task,
		Optional<String> taskKey, Optional<String> taskTitle, Optional<CommentId> comment, Optional<UserId> actor,
		Optional<String> actorName, Optional<String> detail, Instant createdAt, Optional<Instant> readAt) {

	/** One line saying what happened, without the task's title (mail shows only this). */
	public String summary() {
		String who = actorName.orElse("Someone");
		String what = taskKey.orElse("a task");
		return switch (kind) {
			case ASSIGNED -> who + " assigned you " + what;
			case MENTIONED -> who + " mentioned you on " + what;
			case STATUS_CHANGED -> who + " moved " + what + detail.map(d -> " to " + d).orElse("");
			case COMMENTED -> who + " commented on " + what;
			case DUE_TOMORROW -> what + " is due tomorrow" + detail.map(d -> " (" + d + ")").orElse("");
			case OVERDUE -> what + " is overdue" + detail.map(d -> " (due " + d + ")").orElse("");
			case TASK_GRANTED -> who + " gave you access to " + what;
			case PROJECT_ADDED -> who + " added you to a project";
		};
	}

}
