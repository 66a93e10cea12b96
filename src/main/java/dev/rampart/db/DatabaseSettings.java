package dev.rampart.db;

import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.db.*}. With no {@code url} Rampart starts its embedded PostgreSQL in the data
 * directory; with one ({@code RAMPART_DB_URL}) it connects there as {@code username} (the
 * application role) and migrates as {@code migrationUsername} (the schema owner).
 */
@ConfigurationProperties("rampart.db")
record DatabaseSettings(@Nullable String url, @Nullable String username, @Nullable String password,
		@Nullable String migrationUsername, @Nullable String migrationPassword,
		@DefaultValue("rampart_app") String appRole, @DefaultValue("rampart_owner") String ownerRole,
		@DefaultValue("20") int poolSize, @DefaultValue("10s") Duration statementTimeout,
		@DefaultValue("5s") Duration connectionTimeout) {

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

	private static void requireRoleName(String setting, String value) {
		if (!ROLE_NAME.matcher(value).matches()) {
			throw new IllegalArgumentException(setting + " must be a plain lower-case PostgreSQL role name");
		}
	}

}
