package dev.rampart.db;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.db.*}. With no {@code url} Rampart starts its embedded PostgreSQL in the
 * data directory; with one ({@code RAMPART_DB_URL}) it connects there as {@code username}
 * (the application role) and migrates as {@code migrationUsername} (the schema owner).
 * <p>
 * {@code connectionTimeout} is the longest a request waits for a pooled connection before
 * it answers 503; {@code durabilityCheck} says what a database that would lose
 * acknowledged commits gets at start ({@code refuse} or {@code warn});
 * {@code probeInterval}/{@code probeTimeout} pace the availability probe;
 * {@code watchdogInterval} how often the embedded server's process is looked at;
 * {@code embeddedServerSettings} are extra PostgreSQL settings for the embedded server
 * (docs/operations.md lists what each risks); {@code transportCheck} says what a plain
 * (unencrypted) connection to an external database gets at start ({@code refuse-plain},
 * {@code allow-plain-on-loopback}, {@code warn}).
 */
@ConfigurationProperties("rampart.db")
record DatabaseSettings(@Nullable String url, @Nullable String username, @Nullable String password,
		@Nullable String migrationUsername, @Nullable String migrationPassword,
		@DefaultValue("rampart_app") String appRole, @DefaultValue("rampart_owner") String ownerRole,
		@DefaultValue("20") int poolSize, @DefaultValue("10s") Duration statementTimeout,
		@DefaultValue("1s") Duration connectionTimeout, @DefaultValue("refuse") DurabilityCheck.Mode durabilityCheck,
		@DefaultValue("500ms") Duration probeInterval, @DefaultValue("2s") Duration probeTimeout,
		@DefaultValue("500ms") Duration watchdogInterval, @DefaultValue Map<String, String> embeddedServerSettings,
		@DefaultValue("allow-plain-on-loopback") TransportCheck.Mode transportCheck) {

	private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_.]{0,62}");

	private static final Pattern SETTING_VALUE = Pattern.compile("[A-Za-z0-9_.,:+-]{1,100}");

	private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	DatabaseSettings {
		requireRoleName("rampart.db.app-role", appRole);
		requireRoleName("rampart.db.owner-role", ownerRole);
		if (poolSize < 1 || poolSize > 500) {
			throw new IllegalArgumentException("rampart.db.pool-size must be between 1 and 500");
		}
		if (statementTimeout.isNegative() || statementTimeout.isZero()) {
			throw new IllegalArgumentException("rampart.db.statement-timeout must be positive");
		}
		requirePositive("rampart.db.connection-timeout", connectionTimeout);
		requirePositive("rampart.db.probe-interval", probeInterval);
		requirePositive("rampart.db.probe-timeout", probeTimeout);
		requirePositive("rampart.db.watchdog-interval", watchdogInterval);
		embeddedServerSettings = Map.copyOf(embeddedServerSettings);
		embeddedServerSettings.forEach((name, value) -> {
			// They go on the server's command line: plain names and values only.
			if (!SETTING_NAME.matcher(name).matches() || !SETTING_VALUE.matcher(value).matches()) {
				throw new IllegalArgumentException("rampart.db.embedded-server-settings." + name
						+ ": a plain PostgreSQL setting name and a value of letters, digits and _.,:+- are required");
			}
		});
		if (url != null && !url.isBlank()) {
			if (username == null || migrationUsername == null) {
				throw new IllegalArgumentException(
						"with rampart.db.url set, rampart.db.username and rampart.db.migration-username are required");
			}
			requireRoleName("rampart.db.username", username);
		}
	}

	boolean embedded() {
		return url == null || url.isBlank();
	}

	private static void requirePositive(String setting, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(setting + " must be positive");
		}
	}

	private static void requireRoleName(String setting, String value) {
		if (!ROLE_NAME.matcher(value).matches()) {
			throw new IllegalArgumentException(setting + " must be a plain lower-case PostgreSQL role name");
		}
	}

}
