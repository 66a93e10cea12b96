package dev.rampart.access;

/** The outcome of an access check, with the role or rule that decided it. */
public sealed interface Decision {

	String reason();

	default boolean allowed() {
		return this instanceof Allowed;
	}

	record Allowed(String reason) implements Decision {
	}

	record Denied(String reason) implements Decision {
	}

}
