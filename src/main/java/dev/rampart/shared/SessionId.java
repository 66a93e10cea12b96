package dev.rampart.shared;

import java.util.Objects;
import java.util.UUID;

/** Identifies one session. */
public record SessionId(UUID value) implements java.io.Serializable {

	public SessionId {
		Objects.requireNonNull(value, "value");
	}

	public static SessionId random() {
		return new SessionId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
