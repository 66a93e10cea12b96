package dev.rampart.access;

import dev.rampart.shared.InvalidInput;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Roles over the platform rather than inside an organization. Each holds platform
 * permissions only: none reaches an organization's content (separation of duties, C10).
 */
public enum PlatformRole {

	/** Runs key operations: status, rotation, KEK rotation, verification. */
	KEY_CUSTODIAN("key-custodian", EnumSet.of(PlatformPermission.KEYS_READ, PlatformPermission.KEYS_MANAGE)),
	/**
	 * Runs the service: detailed health and error reports (which hold no content or
	 * personal data).
	 */
	OPERATOR("operator", EnumSet.of(PlatformPermission.HEALTH_READ, PlatformPermission.ERRORS_READ));

	private final String wireName;

	private final Set<PlatformPermission> permissions;

	PlatformRole(String wireName, Set<PlatformPermission> permissions) {
		this.wireName = wireName;
		this.permissions = permissions;
	}

	public String wireName() {
		return wireName;
	}

	public boolean allows(PlatformPermission permission) {
		return permissions.contains(permission);
	}

	public static PlatformRole parse(String field, String value) {
		return Arrays.stream(values())
			.filter(r -> r.wireName.equals(value))
			.findFirst()
			.orElseThrow(() -> new InvalidInput(field, "must be one of key-custodian, operator"));
	}

}
