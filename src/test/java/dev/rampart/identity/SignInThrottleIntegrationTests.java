package dev.rampart.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Brute-force throttling of sign-in: per account and per address, bounded back-off,
 * shared state.
 */
class SignInThrottleIntegrationTests extends IntegrationTest {

	@Autowired
	UserFields userFields;

	@Autowired
	OwnerDatabase ownerDatabase;

	@Test
	void failuresForOneAccountLeadToABoundedBackOffThenTheRealUserGetsIn() throws Exception {
		Api api = api();
		TestUser user = api.newUser("throttled");
		for (int i = 0; i < 5; i++) {
			assertThat(login(user.email(), "wrong-password-" + i).status()).isEqualTo(401);
		}
		try (Connection c = ownerDatabase.connect();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select failures, blocked_until from rampart.sign_in_throttle "
						+ "where throttle_key like 'account:%' order by last_failure_at desc limit 1")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getInt(1)).isEqualTo(5);
			Instant blockedUntil = rs.getTimestamp(2).toInstant();
			assertThat(Duration.between(Instant.now(), blockedUntil)).isBetween(Duration.ofSeconds(-1),
					Duration.ofSeconds(2));
		}
		setBlock("interval '60 seconds'");
		Api.Response blocked = login(user.email(), Api.STRONG_PASSWORD);
		assertThat(blocked.status()).as("even the right password waits").isEqualTo(429);
		assertThat(blocked.text("type")).isEqualTo("urn:rampart:problem:sign-in-throttled");
		assertThat(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 61L);
		setBlock("interval '-1 second'");
		assertThat(login(user.email(), Api.STRONG_PASSWORD).status()).as("after the wait").isEqualTo(200);
		try (Connection c = ownerDatabase.connect();
				Statement s = c.createStatement();
				ResultSet rs = s
					.executeQuery("select count(*) from rampart.sign_in_throttle where throttle_key like 'account:%' "
							+ "and blocked_until > now()")) {
			rs.next();
			assertThat(rs.getInt(1)).as("a success clears the account's failures").isZero();
		}
	}

	@Test
	void oneAddressTryingManyAccountsIsSlowedDown() throws Exception {
		TestUser innocent = api().newUser("innocent");
		clearAddresses();
		try {
			for (int i = 0; i < 50; i++) {
				assertThat(login("nobody-" + i + "@example.test", "whatever-password").status()).isEqualTo(401);
			}
			Api.Response blocked = login(innocent.email(), Api.STRONG_PASSWORD);
			assertThat(blocked.status()).isEqualTo(429);
		}
		finally {
			clearAddresses();
		}
	}

	/**
	 * Every test client is 127.0.0.1: start from, and leave, a clean slate for the
	 * address.
	 */
	private void clearAddresses() throws Exception {
		try (Connection c = ownerDatabase.connect(); Statement s = c.createStatement()) {
			s.executeUpdate("delete from rampart.sign_in_throttle where throttle_key like 'address:%'");
		}
	}

	@Test
	void forwardedForIsHonouredFromTheTrustedProxyOnlyAndIgnoredFromAnyoneElse() throws Exception {
		clearAddresses();
		try {
			String body = "{\"email\":\"spoof@example.test\",\"password\":\"whatever-password\"}";
			for (int i = 0; i < 3; i++) {
				String answer = api().rawFrom("127.0.0.2",
						"POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n" + "X-Forwarded-For: 203.0.113." + i
								+ "\r\nX-Forwarded-Proto: https\r\n"
								+ "Content-Type: application/json\r\nContent-Length: " + body.length()
								+ "\r\nConnection: close\r\n\r\n" + body);
				assertThat(answer).startsWith("HTTP/1.1 401");
			}
			Api.Response viaProxy = api().call("POST", "/api/v1/auth/login", null,
					Map.of("email", "proxied@example.test", "password", "whatever-password"),
					Map.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "https"));
			assertThat(viaProxy.status()).isEqualTo(401);
			assertThat(addressFailures())
				.containsExactlyInAnyOrderEntriesOf(Map.of("address:127.0.0.2", 3, "address:198.51.100.7", 1));
		}
		finally {
			clearAddresses();
		}
	}

	/**
	 * The scenario: 500 wrong passwords for one account from 50 addresses
	 * (through the trusted proxy). The account is throttled and almost every attempt is
	 * refused before any hashing; the owner, on a device they signed in from before,
	 * still gets in at once.
	 */
	@Test
	void aDistributedAttackOnOneAccountIsThrottledAndTheOwnerStillGetsInFromAKnownDevice() throws Exception {
		TestUser owner = api().newUser("besieged");
		Api.Response earlier = api().post("/api/v1/auth/login", null,
				Map.of("email", owner.email(), "password", Api.STRONG_PASSWORD));
		String deviceCookie = earlier.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("__Host-rampart-device="))
			.findFirst()
			.orElseThrow()
			.split(";")[0];
		assertThat(deviceCookie).hasSize("__Host-rampart-device=".length() + 43);
		clearAddresses();
		try {
			Map<Integer, Integer> statuses = new java.util.TreeMap<>();
			for (int i = 0; i < 500; i++) {
				Api.Response attempt = api().call("POST", "/api/v1/auth/login", null,
						Map.of("email", owner.email(), "password", "guess-" + i + "-wrong"),
						Map.of("X-Forwarded-For", "127.0.1." + (i % 50 + 1)));
				statuses.merge(attempt.status(), 1, Integer::sum);
			}
			assertThat(statuses.keySet()).containsOnly(401, 429);
			assertThat(statuses.get(429)).as("refused before hashing: %s", statuses).isGreaterThanOrEqualTo(480);
			assertThat(addressFailures().keySet()).as("addresses from the trusted proxy's header")
				.isNotEmpty()
				.allMatch(key -> key.startsWith("address:127.0.1."));
			// The back-off reached so far may run out while the test goes on: hold the
			// block.
			try (Connection c = ownerDatabase.connect();
					PreparedStatement ps = c.prepareStatement(
							"update rampart.sign_in_throttle set blocked_until = now() + interval '5 minutes' where throttle_key = ?")) {
				ps.setString(1, "account:" + java.util.HexFormat.of()
					.formatHex(userFields.emailIndex(owner.email().toLowerCase(java.util.Locale.ROOT))));
				assertThat(ps.executeUpdate()).isEqualTo(1);
			}

			Api.Response newDevice = api().call("POST", "/api/v1/auth/login", null,
					Map.of("email", owner.email(), "password", Api.STRONG_PASSWORD),
					Map.of("X-Forwarded-For", "192.0.2.10"));
			assertThat(newDevice.status()).as("an unknown device waits like the attacker").isEqualTo(429);
			Api.Response knownDevice = api().call("POST", "/api/v1/auth/login", null,
					Map.of("email", owner.email(), "password", Api.STRONG_PASSWORD),
					Map.of("X-Forwarded-For", "192.0.2.10", "Cookie", deviceCookie));
			assertThat(knownDevice.status()).as("the owner's device is not locked out").isEqualTo(200);
			assertThat(knownDevice.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(deviceCookie + ";"));

			Api.Response stolenCookieWrongPassword = api().call("POST", "/api/v1/auth/login", null,
					Map.of("email", owner.email(), "password", "still-wrong"),
					Map.of("X-Forwarded-For", "192.0.2.11", "Cookie", deviceCookie));
			assertThat(stolenCookieWrongPassword.status()).isEqualTo(401);
			TestUser other = api().newUser("other-account");
			Api.Response otherAccountsCookie = api().call("POST", "/api/v1/auth/login", null,
					Map.of("email", owner.email(), "password", Api.STRONG_PASSWORD),
					Map.of("X-Forwarded-For", "192.0.2.12", "Cookie", cookieOf(other)));
			assertThat(otherAccountsCookie.status()).as("a device cookie counts only for its own account")
				.isEqualTo(429);
		}
		finally {
			clearAddresses();
		}
	}

	private String cookieOf(TestUser user) {
		return api().post("/api/v1/auth/login", null, Map.of("email", user.email(), "password", Api.STRONG_PASSWORD))
			.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("__Host-rampart-device="))
			.findFirst()
			.orElseThrow()
			.split(";")[0];
	}

	private Map<String, Integer> addressFailures() throws Exception {
		Map<String, Integer> failures = new java.util.HashMap<>();
		try (Connection c = ownerDatabase.connect();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select throttle_key, failures from rampart.sign_in_throttle "
						+ "where throttle_key like 'address:%'")) {
			while (rs.next()) {
				failures.put(rs.getString(1), rs.getInt(2));
			}
		}
		return failures;
	}

	@Test
	void theApplicationRoleCannotReadOrChangeTheThrottleTable() throws Exception {
		try (Connection c = ownerDatabase.connect();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select has_table_privilege('rampart_app', 'rampart.sign_in_throttle', "
						+ "'select, insert, update, delete')")) {
			rs.next();
			assertThat(rs.getBoolean(1)).isFalse();
		}
	}

	private void setBlock(String offset) throws Exception {
		try (Connection c = ownerDatabase.connect();
				PreparedStatement ps = c.prepareStatement("update rampart.sign_in_throttle set blocked_until = now() + "
						+ offset + " where throttle_key like 'account:%' " + "and failures >= 5")) {
			assertThat(ps.executeUpdate()).isPositive();
		}
	}

	private Api.Response login(String email, String password) {
		return api().post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
	}

}
