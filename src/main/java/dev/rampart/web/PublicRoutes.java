package dev.rampart.web;

import java.util.List;

/**
 * The routes anyone may call without a session or API token, in one place: the security
 * chain lets them through, and the OpenAPI document marks them as needing no credentials.
 */
public final class PublicRoutes {

	public static final List<String> POST = List.of("/api/v1/auth/signup", "/api/v1/auth/login",
			"/api/v1/auth/login/second-factor", "/api/v1/auth/verify-email", "/api/v1/auth/password-reset",
			"/api/v1/auth/password-reset/complete", "/api/v1/auth/passkey/options", "/api/v1/auth/passkey",
			"/api/v1/auth/confirm-email-change", "/api/v1/invitations/accept-new");

	public static final List<String> GET = List.of("/api/v1/health", "/api/v1/health/liveness",
			"/api/v1/health/readiness", "/api/v1/openapi.json", "/api/v1/graphql/schema.graphqls",
			"/api/v1/schemas/process-template-v1.json");

	private PublicRoutes() {
	}

	public static boolean isPublic(String method, String path) {
		return ("POST".equals(method) ? POST : "GET".equals(method) ? GET : List.<String>of()).contains(path);
	}

}
