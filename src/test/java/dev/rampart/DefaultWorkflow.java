package dev.rampart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The workflow every organization and project starts with, as a request body. */
public final class DefaultWorkflow {

	private DefaultWorkflow() {
	}

	/**
	 * The four statuses every workflow starts with, every move allowed: saving it changes
	 * nothing.
	 */
	public static Map<String, Object> fourStatuses() {
		List<String> keys = List.of("todo", "in_progress", "done", "cancelled");
		List<Map<String, Object>> transitions = new ArrayList<>();
		keys.forEach(from -> keys.stream()
			.filter(to -> !to.equals(from))
			.forEach(to -> transitions.add(Map.of("from", from, "to", to))));
		return Map.of("statuses",
				List.of(Map.of("key", "todo", "name", "To do", "colour", "#6b7280", "category", "todo"),
						Map.of("key", "in_progress", "name", "In progress", "colour", "#d97706", "category",
								"in_progress"),
						Map.of("key", "done", "name", "Done", "colour", "#16a34a", "category", "done"),
						Map.of("key", "cancelled", "name", "Cancelled", "colour", "#9ca3af", "category", "done")),
				"transitions", transitions);
	}

}
