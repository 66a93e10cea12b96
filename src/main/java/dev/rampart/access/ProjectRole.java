package dev.rampart.access;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The built-in project roles. Organizations add custom ones ({@link RoleDefinition}). */
public enum ProjectRole {

	MANAGER("00000000-0000-0000-0000-000000000001"), CONTRIBUTOR("00000000-0000-0000-0000-000000000002"),
	VIEWER("00000000-0000-0000-0000-000000000003");

	private final UUID id;

	ProjectRole(String id) {
		this.id = UUID.fromString(id);
	}

	/** The fixed row id of this role in {@code project_roles}. */
	public UUID id() {
		return id;
	}

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<ProjectRole> ofName(String name) {
		for (ProjectRole role : values()) {
			if (role.wireName().equals(name)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}
