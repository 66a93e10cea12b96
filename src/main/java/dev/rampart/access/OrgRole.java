package dev.rampart.access;

import dev.rampart.shared.InvalidInput;
import java.util.Locale;

/** A member's role in an organization. */
public enum OrgRole {

	OWNER, ADMIN, MEMBER, GUEST;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static OrgRole parse(String field, String value) {
		for (OrgRole role : values()) {
			if (role.wireName().equals(value)) {
				return role;
			}
		}
		throw new InvalidInput(field, "must be one of owner, admin, member, guest");
	}

}
