package dev.rampart.shared;

import java.util.Objects;
import java.util.UUID;

/** Identifies one attachment. */
public record AttachmentId(UUID value) implements java.io.Serializable {

	public AttachmentId {
		Objects.requireNonNull(value, "value");
	}

	public static AttachmentId random() {
		return new AttachmentId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
