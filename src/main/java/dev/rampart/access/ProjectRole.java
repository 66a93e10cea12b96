package dev.rampart.access;

import dev.rampart.shared.InvalidInput;
import java.util.Locale;

/** A member's role in a project. */
public enum ProjectRole {

	MANAGER, CONTRIBUTOR, VIEWER;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static ProjectRole parse(String field, String value) {
		for (ProjectRole role : values()) {
			if (role.wireName().equals(value)) {
				return role;
			}
		}
		throw new InvalidInput(field, "must be one of manager, contributor, viewer");
	}

}
