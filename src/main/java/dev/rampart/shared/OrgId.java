package dev.rampart.shared;

import java.util.Objects;
import java.util.UUID;

/** Identifies one org. */
public record OrgId(UUID value) implements java.io.Serializable {

	public OrgId {
		Objects.requireNonNull(value, "value");
	}

	public static OrgId random() {
		return new OrgId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
