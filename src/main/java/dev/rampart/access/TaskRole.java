package dev.rampart.access;

import dev.rampart.shared.InvalidInput;
import java.util.Locale;

/**
 * A role on one task: held by its assignee, or given by a grant (viewer or collaborator).
 */
public enum TaskRole {

	ASSIGNEE, COLLABORATOR, VIEWER;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The roles a grant can give. */
	public static TaskRole parseGrant(String field, String value) {
		if (COLLABORATOR.wireName().equals(value)) {
			return COLLABORATOR;
		}
		if (VIEWER.wireName().equals(value)) {
			return VIEWER;
		}
		throw new InvalidInput(field, "must be one of viewer, collaborator");
	}

}
