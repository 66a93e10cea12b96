package dev.rampart.db;

import dev.rampart.shared.RampartHome;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.core.Utils;
import org.springframework.beans.factory.DisposableBean;

/**
 * The zero-set-up database: PostgreSQL from the embedded binaries, kept in
 * {@code $RAMPART_HOME/postgres}, listening on loopback only, every role with a generated
 * password (kept in {@code $RAMPART_HOME/secrets}) and password authentication (SCRAM)
 * for every connection, so another local user cannot walk in as the superuser.
 * <p>
 * Durable: the library's defaults ({@code fsync} and {@code synchronous_commit} off, fine
 * for throw-away test databases) are overridden, so a commit is on disk before it is
 * acknowledged. Only one Rampart process runs a data directory
 * ({@link DataDirectoryLock}); a server left running by a killed one is stopped before
 * the start ({@link Postmaster}); and a watchdog restarts the server on the same port
 * when it dies, while the connection pools wait for it.
 */
final class EmbeddedPostgresServer implements DisposableBean {

	private static final String DATABASE = "rampart";

	/** Password (SCRAM) authentication only, loopback only; written at every start. */
	private static final String HBA = """
			# Written by Rampart at every start: password (SCRAM) authentication only, loopback only.
			host all all 127.0.0.1/32 scram-sha-256
			host all all ::1/128 scram-sha-256
			""";

	private final EmbeddedCluster cluster;

	private final DatabaseEndpoint endpoint;

	EmbeddedPostgresServer(RampartHome home, DatabaseSettings settings, MeterRegistry meters) {
		String superPassword = home.secret("postgres-superuser", EmbeddedPostgresServer::newPassword);
		String ownerPassword = home.secret("postgres-owner", EmbeddedPostgresServer::newPassword);
		String appPassword = home.secret("postgres-app", EmbeddedPostgresServer::newPassword);
		this.cluster = EmbeddedCluster.start(
				new EmbeddedCluster.Spec("primary", home.directory("postgres"),
						home.path().resolve(DataDirectoryLock.FILE_NAME), "127.0.0.1", 0,
						settings.embeddedServerSettings(), () -> HBA, superPassword, settings.watchdogInterval()),
				meters);
		try {
			bootstrap(settings, ownerPassword, appPassword);
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
		this.endpoint = new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/" + DATABASE,
				settings.appRole(), appPassword, settings.ownerRole(), ownerPassword);
	}

	DatabaseEndpoint endpoint() {
		return endpoint;
	}

	/**
	 * Creates the two roles and the database if missing and (re)sets their passwords and
	 * attributes, so a data directory from an older version is brought in line. DDL
	 * cannot take bind values: role names are validated plain identifiers and every value
	 * is quoted by the driver.
	 */
	private void bootstrap(DatabaseSettings settings, String ownerPassword, String appPassword) {
		try (Connection c = cluster.superuser("postgres").getConnection(); Statement s = c.createStatement()) {
			ensureRole(c, s, settings.ownerRole(), ownerPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS");
			ensureRole(c, s, settings.appRole(), appPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
			if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
				s.execute(
						"CREATE DATABASE " + DATABASE + " OWNER " + Utils.escapeIdentifier(null, settings.ownerRole()));
			}
			s.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
			s.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO "
					+ Utils.escapeIdentifier(null, settings.appRole()));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot prepare the embedded database roles", ex);
		}
	}

	private static void ensureRole(Connection c, Statement s, String role, String password, String attributes)
			throws SQLException {
		String verb = exists(c, "select 1 from pg_roles where rolname = ?", role) ? "ALTER" : "CREATE";
		s.execute(verb + " ROLE " + Utils.escapeIdentifier(null, role) + " LOGIN " + attributes + " PASSWORD '"
				+ Utils.escapeLiteral(null, password, true) + "'");
	}

	private static boolean exists(Connection c, String sql, String value) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			ps.setString(1, value);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next();
			}
		}
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	static String newPassword() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public void destroy() {
		cluster.close();
	}

}
