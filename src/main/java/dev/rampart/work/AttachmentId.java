package dev.rampart.work;

import java.util.Objects;
import java.util.UUID;

/** Identifies one attachment. */
public record AttachmentId(UUID value) {

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
