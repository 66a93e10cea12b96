package dev.rampart.shared;

import java.util.Objects;
import java.util.UUID;

/** Identifies one task. */
public record TaskId(UUID value) implements java.io.Serializable {

	public TaskId {
		Objects.requireNonNull(value, "value");
	}

	public static TaskId random() {
		return new TaskId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
