package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import java.util.Locale;

/**
 * How a project's task list is sorted. Every order ends with creation time and id, so it
 * is total and a page's cursor says exactly where the next page starts.
 */
public enum TaskOrder {

	/** Newest first (the default). */
	NEWEST,
	/** Oldest first. */
	OLDEST,
	/** Soonest due date first; tasks without one last. */
	DUE_DATE,
	/** Urgent first, then high, medium, low; newest first within a priority. */
	PRIORITY,
	/** The planning order: the backlog's or a sprint's, as people arranged it. */
	RANK;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static TaskOrder parse(String field, String value) {
		for (TaskOrder order : values()) {
			if (order.wireName().equals(value)) {
				return order;
			}
		}
		throw new InvalidInput(field, "must be one of newest, oldest, due_date, priority, rank");
	}

}
