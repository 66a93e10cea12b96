package dev.rampart.ops;

import java.util.UUID;

/**
 * Sign-in details of one generated user, for demos and benchmarks; shown once, never
 * stored in clear.
 */
public record SeedCredential(String role, UUID userId, String email, String password, UUID orgId, UUID projectId) {

	@Override
	public String toString() {
		return "SeedCredential[" + role + ", " + email + "]";
	}

}
