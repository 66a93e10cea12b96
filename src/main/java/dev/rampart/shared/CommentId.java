package dev.rampart.shared;

import java.util.Objects;
import java.util.UUID;

/** Identifies one comment. */
public record CommentId(UUID value) implements java.io.Serializable {

	public CommentId {
		Objects.requireNonNull(value, "value");
	}

	public static CommentId random() {
		return new CommentId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
