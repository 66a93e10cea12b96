package dev.rampart;

import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test helper: gives an account TOTP through the API and signs in with a second factor.
 */
public final class SecondFactor {

	/**
	 * The TOTP secret, the recovery codes not used yet, and a session opened with a
	 * second factor.
	 */
	public record Enrolled(String secret, List<String> recoveryCodes, String token) {

		/** The next unused recovery code (used up by the caller). */
		public String nextRecoveryCode() {
			return recoveryCodes.remove(0);
		}

	}

	private SecondFactor() {
	}

	public static Enrolled enrolTotp(Api api, TestUser user) {
		Response started = api.post("/api/v1/me/mfa/totp", user.token(), null);
		if (started.status() != 200) {
			throw new AssertionError("TOTP enrolment: " + started.status() + " " + started.body());
		}
		String secret = started.text("secret");
		Response confirmed = api.post("/api/v1/me/mfa/totp/confirm", user.token(),
				Map.of("code", TotpCodes.code(secret, 0)));
		if (confirmed.status() != 200) {
			throw new AssertionError("TOTP confirmation: " + confirmed.status() + " " + confirmed.body());
		}
		List<String> codes = new ArrayList<>();
		confirmed.json().get("recoveryCodes").forEach(code -> codes.add(code.asString()));
		String token = signIn(api, user.email(), codes.remove(0));
		return new Enrolled(secret, codes, token);
	}

	/**
	 * Password, then the second factor ({@code code}: TOTP or recovery code): the session
	 * token.
	 */
	public static String signIn(Api api, String email, String code) {
		Response first = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", Api.STRONG_PASSWORD));
		if (first.status() != 200 || !first.json().path("mfaRequired").asBoolean(false)) {
			throw new AssertionError("expected a second-factor challenge: " + first.status() + " " + first.body());
		}
		Response second = api.post("/api/v1/auth/login/second-factor", null,
				Map.of("challenge", first.text("challenge"), "code", code));
		if (second.status() != 200) {
			throw new AssertionError("second factor refused: " + second.status() + " " + second.body());
		}
		return second.text("token");
	}

}
