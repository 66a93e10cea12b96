package dev.rampart.db;

import dev.rampart.shared.RampartHome;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.postgresql.core.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The zero-set-up database: PostgreSQL from the embedded binaries, kept in
 * {@code $RAMPART_HOME/postgres}, listening on loopback only, every role with a generated
 * password (kept in {@code $RAMPART_HOME/secrets}) and password authentication (SCRAM) for every
 * connection, so another local user cannot walk in as the superuser.
 */
final class EmbeddedPostgresServer implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final String DATABASE = "rampart";

	private static final String SUPERUSER = "postgres";

	private final EmbeddedPostgres postgres;

	private final DatabaseEndpoint endpoint;

	EmbeddedPostgresServer(RampartHome home, DatabaseSettings settings) {
		Path dataDir = home.directory("postgres");
		String superPassword = home.secret("postgres-superuser", EmbeddedPostgresServer::newPassword);
		String ownerPassword = home.secret("postgres-owner", EmbeddedPostgresServer::newPassword);
		String appPassword = home.secret("postgres-app", EmbeddedPostgresServer::newPassword);
		Path pwFile = writePasswordFile(home.directory("secrets"), superPassword);
		try {
			this.postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDir)
				.setCleanDataDirectory(false)
				.setLocaleConfig("pwfile", pwFile.toString())
				.setDataDirectoryCustomizer(EmbeddedPostgresServer::requirePasswords)
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("password_encryption", "scram-sha-256")
				.setConnectConfig("password", superPassword)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDir, ex);
		}
		finally {
			deleteQuietly(pwFile);
		}
		bootstrap(settings, ownerPassword, appPassword);
		this.endpoint = new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE, settings.appRole(),
				appPassword, settings.ownerRole(), ownerPassword);
		log.info("Embedded PostgreSQL running on 127.0.0.1:{} with data in {}", postgres.getPort(), dataDir);
	}

	DatabaseEndpoint endpoint() {
		return endpoint;
	}

	/**
	 * Creates the two roles and the database if missing and (re)sets their passwords and
	 * attributes, so a data directory from an older version is brought in line. DDL cannot take bind
	 * values: role names are validated plain identifiers and every value is quoted by the driver.
	 */
	private void bootstrap(DatabaseSettings settings, String ownerPassword, String appPassword) {
		try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			ensureRole(c, s, settings.ownerRole(), ownerPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS");
			ensureRole(c, s, settings.appRole(), appPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
			if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
				s.execute("CREATE DATABASE " + DATABASE + " OWNER " + Utils.escapeIdentifier(null, settings.ownerRole()));
			}
			s.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
			s.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + Utils.escapeIdentifier(null, settings.appRole()));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot prepare the embedded database roles", ex);
		}
	}

	private static void ensureRole(Connection c, Statement s, String role, String password, String attributes)
			throws SQLException {
		String verb = exists(c, "select 1 from pg_roles where rolname = ?", role) ? "ALTER" : "CREATE";
		s.execute(verb + " ROLE " + Utils.escapeIdentifier(null, role) + " LOGIN " + attributes
				+ " PASSWORD '" + Utils.escapeLiteral(null, password, true) + "'");
	}

	private static boolean exists(Connection c, String sql, String value) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			ps.setString(1, value);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next();
			}
		}
	}

	/** Runs before every start: only password-authenticated TCP connections from loopback. */
	private static void requirePasswords(java.io.File dataDir) {
		String hba = """
				# Written by Rampart at every start: password (SCRAM) authentication only, loopback only.
				host all all 127.0.0.1/32 scram-sha-256
				host all all ::1/128 scram-sha-256
				""";
		try {
			Files.writeString(dataDir.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path writePasswordFile(Path secrets, String password) {
		Path file = secrets.resolve("initdb-pwfile");
		try {
			Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Could not delete {}", file);
		}
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	static String newPassword() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public void destroy() throws IOException {
		postgres.close();
	}

}
