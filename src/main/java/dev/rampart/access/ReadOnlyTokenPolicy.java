package dev.rampart.access;

import dev.rampart.shared.Actor;

/**
 * Named policy: a read-only API token reads; every change made with one is refused (403
 * {@code read-only-token}), whatever its user's roles allow. Control C04.
 */
final class ReadOnlyTokenPolicy {

	static final String REASON = "read-only API token";

	private ReadOnlyTokenPolicy() {
	}

	/** Whether the credential may change anything. */
	static boolean allowsChanges(Actor.Credential credential) {
		return !credential.readOnly();
	}

}
