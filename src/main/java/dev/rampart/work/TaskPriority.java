package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import java.util.Locale;

public enum TaskPriority {

	LOW, MEDIUM, HIGH, URGENT;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static TaskPriority parse(String field, String value) {
		for (TaskPriority priority : values()) {
			if (priority.wireName().equals(value)) {
				return priority;
			}
		}
		throw new InvalidInput(field, "must be one of low, medium, high, urgent");
	}

}
