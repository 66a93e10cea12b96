package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import java.util.Locale;

public enum TaskStatus {

	TODO, IN_PROGRESS, DONE, CANCELLED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static TaskStatus parse(String field, String value) {
		for (TaskStatus status : values()) {
			if (status.wireName().equals(value)) {
				return status;
			}
		}
		throw new InvalidInput(field, "must be one of todo, in_progress, done, cancelled");
	}

}
