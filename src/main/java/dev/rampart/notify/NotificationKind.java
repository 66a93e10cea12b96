package dev.rampart.notify;

import dev.rampart.shared.InvalidInput;
import java.util.Arrays;
import java.util.Locale;

/** What a notification says happened. */
public enum NotificationKind {

	/** Someone made the recipient a task's assignee. */
	ASSIGNED,
	/** A description or comment mentions the recipient. */
	MENTIONED,
	/** A watched task moved to another status. */
	STATUS_CHANGED,
	/** Someone commented on a watched task. */
	COMMENTED,
	/** A task the recipient is assigned to or watches is due tomorrow. */
	DUE_TOMORROW,
	/** ... or is past its due date and not done. */
	OVERDUE,
	/** Someone gave the recipient a role on one task. */
	TASK_GRANTED,
	/** Someone added the recipient to a project. */
	PROJECT_ADDED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static NotificationKind parse(String field, String value) {
		return Arrays.stream(values())
			.filter(kind -> kind.wireName().equals(value))
			.findFirst()
			.orElseThrow(() -> new InvalidInput(field, "is not a notification kind"));
	}

}
