package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import java.util.Locale;

/** Who sees a task: everyone who can read tasks in its project, or only those named. */
public enum TaskVisibility {

	PROJECT, RESTRICTED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static TaskVisibility parse(String field, String value) {
		for (TaskVisibility visibility : values()) {
			if (visibility.wireName().equals(value)) {
				return visibility;
			}
		}
		throw new InvalidInput(field, "must be one of project, restricted");
	}

}
