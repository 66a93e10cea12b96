package dev.rampart.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rampart.shared.RampartHome;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The two connection sources: a pool for the application role (what every request uses)
 * and a plain source for the owner role (Flyway and operator tasks). Kept apart from
 * classes that need a {@code DSLContext} to avoid a cycle at start-up.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	@Nullable EmbeddedPostgresServer embeddedPostgresServer(DatabaseSettings settings, RampartHome home, MeterRegistry meters) {
		return settings.embedded() ? new EmbeddedPostgresServer(home, settings, meters) : null;
	}

	/**
	 * Where the database is; a database that would lose acknowledged commits is refused
	 * here (or warned about).
	 */
	@Bean
	DatabaseEndpoint databaseEndpoint(DatabaseSettings settings, ObjectProvider<EmbeddedPostgresServer> embedded) {
		DatabaseEndpoint endpoint = settings.embedded() ? Objects.requireNonNull(embedded.getIfAvailable()).endpoint()
				: new DatabaseEndpoint(Objects.requireNonNull(settings.url()),
						Objects.requireNonNull(settings.username()),
						Objects.requireNonNullElse(settings.password(), ""),
						Objects.requireNonNull(settings.migrationUsername()),
						Objects.requireNonNullElse(settings.migrationPassword(), ""));
		DurabilityCheck.enforce(endpoint, settings.durabilityCheck());
		if (!settings.embedded()) {
			TransportCheck.enforce(endpoint, settings.transportCheck());
		}
		return endpoint;
	}

	/** The request pool, refusing at once while the database is known to be down. */
	@Bean
	@Primary
	DataSource dataSource(DatabaseEndpoint endpoint, DatabaseSettings settings, DatabaseAvailability availability) {
		HikariConfig config = applicationPool(endpoint, settings, "rampart", settings.poolSize());
		config.addDataSourceProperty("reWriteBatchedInserts", "true");
		return new GuardedDataSource(new HikariDataSource(config), availability);
	}

	/** Connections as the application role (no BYPASSRLS), autocommit off. */
	private static HikariConfig applicationPool(DatabaseEndpoint endpoint, DatabaseSettings settings, String name,
			int size) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(endpoint.jdbcUrl());
		config.setUsername(endpoint.appUser());
		config.setPassword(endpoint.appPassword());
		config.setMaximumPoolSize(size);
		config.setConnectionTimeout(settings.connectionTimeout().toMillis());
		// New connections only for waiting requests: a pool that keeps itself full
		// retries against a dead server with back-off growing to 5 s and sleeps through
		// its return; this one finds the server at the first request after it is back
		// (idle connections still live 10 min).
		config.setMinimumIdle(0);
		config.setAutoCommit(false);
		config.addDataSourceProperty("ApplicationName", name);
		return config;
	}

	/**
	 * A few application-role connections apart from the request pool, for
	 * {@code Database.separately} (keyset loading inside a request's transaction).
	 * Autocommit off: each use commits itself.
	 */
	@Bean(name = "separatePool", defaultCandidate = false)
	DataSource separatePool(DatabaseEndpoint endpoint, DatabaseSettings settings, DatabaseAvailability availability) {
		HikariConfig config = applicationPool(endpoint, settings, "rampart-separate", 4);
		return new GuardedDataSource(new HikariDataSource(config), availability);
	}

	@Bean
	@FlywayDataSource
	DataSource migrationDataSource(DatabaseEndpoint endpoint) {
		return ownerDataSource(endpoint);
	}

	static DataSource ownerDataSource(DatabaseEndpoint endpoint) {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), endpoint.jdbcUrl(), endpoint.ownerUser(),
				endpoint.ownerPassword());
	}

	@Bean
	FlywayConfigurationCustomizer rampartFlywayPlaceholders(DatabaseEndpoint endpoint) {
		return configuration -> configuration.placeholders(Map.of("app_role", endpoint.appUser()));
	}

	@Bean
	ExecuteListenerProvider scopeGuardListener() {
		return new DefaultExecuteListenerProvider(new ScopeGuard());
	}

	/**
	 * Counts SQL statements (metric rampart.db.statements), so round trips per request
	 * can be watched: tagged {@code caller=user} in a user's transaction,
	 * {@code caller=system} otherwise (background work: outboxes, jobs).
	 */
	@Bean
	ExecuteListenerProvider statementCounter(MeterRegistry meters) {
		Counter byUsers = Counter.builder("rampart.db.statements")
			.description("SQL statements sent by the application role")
			.tag("caller", "user")
			.register(meters);
		Counter bySystem = Counter.builder("rampart.db.statements")
			.description("SQL statements sent by the application role")
			.tag("caller", "system")
			.register(meters);
		return new DefaultExecuteListenerProvider(new org.jooq.ExecuteListener() {

			private static final long serialVersionUID = 1L;

			@Override
			public void executeStart(org.jooq.ExecuteContext ctx) {
				(Database.transactionUser().isPresent() ? byUsers : bySystem).increment();
			}

		});
	}

}
