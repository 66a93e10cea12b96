package dev.rampart.shared;

import java.util.Objects;
import java.util.UUID;

/** Identifies one project. */
public record ProjectId(UUID value) implements java.io.Serializable {

	public ProjectId {
		Objects.requireNonNull(value, "value");
	}

	public static ProjectId random() {
		return new ProjectId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
