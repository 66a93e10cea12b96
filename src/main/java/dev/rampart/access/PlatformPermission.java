package dev.rampart.access;

/**
 * What a platform role may do; named like organization permissions in the activity log.
 */
public enum PlatformPermission {

	KEYS_READ("keys.read"), KEYS_MANAGE("keys.manage"), HEALTH_READ("platform.health"), ERRORS_READ("errors.read");

	private final String action;

	PlatformPermission(String action) {
		this.action = action;
	}

	public String action() {
		return action;
	}

	/** Whether the operation changes anything (keys). */
	public boolean writes() {
		return this == KEYS_MANAGE;
	}

}
