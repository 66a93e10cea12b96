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

/** Brute-force throttling of sign-in: per account and per address, bounded back-off, shared state. */
class SignInThrottleIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase ownerDatabase;

	@Test
	void failuresForOneAccountLeadToABoundedBackOffThenTheRealUserGetsIn() throws Exception {
		Api api = api();
		TestUser user = api.newUser("throttled");
		for (int i = 0; i < 5; i++) {
			assertThat(login(user.email(), "wrong-password-" + i).status()).isEqualTo(401);
		}
		try (Connection c = ownerDatabase.connect(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select failures, blocked_until from rampart.sign_in_throttle "
						+ "where throttle_key like 'account:%' order by last_failure_at desc limit 1")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getInt(1)).isEqualTo(5);
			Instant blockedUntil = rs.getTimestamp(2).toInstant();
			assertThat(Duration.between(Instant.now(), blockedUntil)).isBetween(Duration.ofSeconds(-1), Duration.ofSeconds(2));
		}
		setBlock("interval '60 seconds'");
		Api.Response blocked = login(user.email(), Api.STRONG_PASSWORD);
		assertThat(blocked.status()).as("even the right password waits").isEqualTo(429);
		assertThat(blocked.text("type")).isEqualTo("urn:rampart:problem:sign-in-throttled");
		assertThat(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 61L);
		setBlock("interval '-1 second'");
		assertThat(login(user.email(), Api.STRONG_PASSWORD).status()).as("after the wait").isEqualTo(200);
		try (Connection c = ownerDatabase.connect(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select count(*) from rampart.sign_in_throttle where throttle_key like 'account:%' "
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

	/** Every test client is 127.0.0.1: start from, and leave, a clean slate for the address. */
	private void clearAddresses() throws Exception {
		try (Connection c = ownerDatabase.connect(); Statement s = c.createStatement()) {
			s.executeUpdate("delete from rampart.sign_in_throttle where throttle_key like 'address:%'");
		}
	}

	@Test
	void forwardedForFromAnUntrustedClientIsIgnored() throws Exception {
		clearAddresses();
		try {
			for (int i = 0; i < 3; i++) {
				Api.Response response = api().call("POST", "/api/v1/auth/login", null,
						Map.of("email", "spoof-" + i + "@example.test", "password", "whatever-password"),
						Map.of("X-Forwarded-For", "203.0.113." + i, "X-Forwarded-Proto", "http"));
				assertThat(response.status()).isEqualTo(401);
			}
			try (Connection c = ownerDatabase.connect(); Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("select throttle_key, failures from rampart.sign_in_throttle "
							+ "where throttle_key like 'address:%'")) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isIn("address:127.0.0.1", "address:0:0:0:0:0:0:0:1");
				assertThat(rs.getInt(2)).isEqualTo(3);
				assertThat(rs.next()).as("no row for a forged address").isFalse();
			}
		}
		finally {
			clearAddresses();
		}
	}

	@Test
	void theApplicationRoleCannotReadOrChangeTheThrottleTable() throws Exception {
		try (Connection c = ownerDatabase.connect(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select has_table_privilege('rampart_app', 'rampart.sign_in_throttle', "
						+ "'select, insert, update, delete')")) {
			rs.next();
			assertThat(rs.getBoolean(1)).isFalse();
		}
	}

	private void setBlock(String offset) throws Exception {
		try (Connection c = ownerDatabase.connect(); PreparedStatement ps = c.prepareStatement(
				"update rampart.sign_in_throttle set blocked_until = now() + " + offset + " where throttle_key like 'account:%' "
						+ "and failures >= 5")) {
			assertThat(ps.executeUpdate()).isPositive();
		}
	}

	private Api.Response login(String email, String password) {
		return api().post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
	}

}
