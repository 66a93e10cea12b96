package dev.rampart.hooks;

import java.util.Arrays;
import java.util.Optional;

/** The events a webhook may subscribe to, by their wire names. */
public enum WebhookEvent {

	TASK_CREATED("task.created"), TASK_UPDATED("task.updated"), TASK_DELETED("task.deleted"),
	COMMENT_CREATED("comment.created");

	/** Sent when an admin asks for a test; never subscribed to. */
	public static final String TEST = "webhook.test";

	private final String wireName;

	WebhookEvent(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return wireName;
	}

	public static Optional<WebhookEvent> of(String wireName) {
		return Arrays.stream(values()).filter(e -> e.wireName.equals(wireName)).findFirst();
	}

}
