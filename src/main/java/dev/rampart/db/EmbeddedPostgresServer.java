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
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.postgresql.core.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final String DATABASE = "rampart";

	private static final String SUPERUSER = "postgres";

	/**
	 * Settings that make an acknowledged commit survive a crash; operators may add
	 * others.
	 */
	static final Map<String, String> DURABLE = Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes",
			"on");

	private static final int START_ATTEMPTS = 5;

	private static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(10);

	private final Path dataDir;

	private final DataDirectoryLock lock;

	private final Map<String, String> serverSettings;

	private final String superPassword;

	private final DatabaseEndpoint endpoint;

	private final int port;

	private final Counter restarts;

	private final Thread watchdog;

	private volatile EmbeddedPostgres postgres;

	private volatile boolean running = true;

	EmbeddedPostgresServer(RampartHome home, DatabaseSettings settings, MeterRegistry meters) {
		this.lock = DataDirectoryLock.acquire(home.path());
		try {
			this.dataDir = home.directory("postgres");
			Postmaster.of(dataDir).ifPresent(orphan -> {
				log.warn(
						"A PostgreSQL server (pid {}) left running by an earlier Rampart process holds {}: stopping it",
						orphan.pid(), dataDir);
				orphan.stop(dataDir, Duration.ofSeconds(30));
			});
			this.serverSettings = new java.util.HashMap<>(DURABLE);
			this.serverSettings.putAll(settings.embeddedServerSettings());
			this.superPassword = home.secret("postgres-superuser", EmbeddedPostgresServer::newPassword);
			String ownerPassword = home.secret("postgres-owner", EmbeddedPostgresServer::newPassword);
			String appPassword = home.secret("postgres-app", EmbeddedPostgresServer::newPassword);
			Path pwFile = writePasswordFile(home.directory("secrets"), superPassword);
			try {
				this.postgres = startWithRetries(0, pwFile, START_ATTEMPTS);
			}
			finally {
				deleteQuietly(pwFile);
			}
			this.port = postgres.getPort();
			bootstrap(settings, ownerPassword, appPassword);
			this.endpoint = new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE,
					settings.appRole(), appPassword, settings.ownerRole(), ownerPassword);
		}
		catch (RuntimeException ex) {
			lock.close();
			throw ex;
		}
		this.restarts = Counter.builder("rampart.db.embedded.restarts")
			.description("Times the watchdog restarted the embedded PostgreSQL server after it died")
			.register(meters);
		this.watchdog = new Thread(() -> watch(settings.watchdogInterval()), "rampart-postgres-watchdog");
		this.watchdog.setDaemon(true);
		this.watchdog.start();
		log.info("Embedded PostgreSQL running on 127.0.0.1:{} with data in {}", port, dataDir);
	}

	/**
	 * Starts the server, retrying with back-off: a crashed server's processes may still
	 * be exiting.
	 */
	private EmbeddedPostgres startWithRetries(int onPort, @Nullable Path pwFile, int attempts) {
		for (int attempt = 1;; attempt++) {
			try {
				return builder(onPort, pwFile).start();
			}
			catch (IOException | RuntimeException ex) {
				if (attempt >= attempts || !running) {
					throw new IllegalStateException("embedded PostgreSQL did not start in " + dataDir, ex);
				}
				log.warn("Embedded PostgreSQL did not start (attempt {}: {}); trying again", attempt,
						ex.getClass().getSimpleName());
				pause(backOff(attempt));
			}
		}
	}

	private EmbeddedPostgres.Builder builder(int onPort, @Nullable Path pwFile) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			// Spring stops the server after the beans that use it; a JVM hook of its own
			// could stop it first.
			.setRegisterShutdownHook(false)
			.setPort(onPort)
			.setDataDirectoryCustomizer(EmbeddedPostgresServer::requirePasswords)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("password_encryption", "scram-sha-256")
			.setConnectConfig("password", superPassword);
		serverSettings.forEach(builder::setServerConfig);
		if (pwFile != null) {
			builder.setLocaleConfig("pwfile", pwFile.toString());
		}
		return builder;
	}

	/**
	 * Watches the server's process; when it is gone, starts it again on the same port
	 * (the pools' URL) with back-off, for as long as it takes. Requests meanwhile get 503
	 * from {@link DatabaseAvailability}; the pools reconnect by themselves once it
	 * answers.
	 */
	private void watch(Duration interval) {
		Postmaster watched = Postmaster.of(dataDir).orElse(null);
		while (running) {
			pause(interval);
			if (!running || (watched != null && watched.isAlive())) {
				continue;
			}
			// Looked up again before acting: only a data directory without a live server
			// is restarted.
			Postmaster current = Postmaster.of(dataDir).orElse(null);
			if (current != null) {
				watched = current;
				continue;
			}
			log.error("Embedded PostgreSQL{} is gone: restarting it",
					watched == null ? "" : " (pid " + watched.pid() + ")");
			long started = System.nanoTime();
			watched = restart();
			if (watched != null) {
				restarts.increment();
				log.info("Embedded PostgreSQL restarted in {} ms (pid {})", (System.nanoTime() - started) / 1_000_000,
						watched.pid());
			}
		}
	}

	private @Nullable Postmaster restart() {
		for (int attempt = 1; running; attempt++) {
			try {
				postgres.close();
			}
			catch (IOException | RuntimeException stopFailed) {
				// it is dead already; closing releases the library's lock on the data
				// directory
			}
			try {
				postgres = builder(port, null).start();
				return Postmaster.of(dataDir).orElse(null);
			}
			catch (IOException | RuntimeException ex) {
				log.warn("Embedded PostgreSQL did not start again (attempt {}: {}); trying again", attempt,
						ex.getClass().getSimpleName());
				pause(backOff(attempt));
			}
		}
		return null;
	}

	private static Duration backOff(int attempt) {
		long millis = 250L << Math.min(attempt - 1, 10);
		return millis > LONGEST_BACK_OFF.toMillis() ? LONGEST_BACK_OFF : Duration.ofMillis(millis);
	}

	private void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			running = false;
		}
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
		try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
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

	/**
	 * Runs before every start: only password-authenticated TCP connections from loopback.
	 */
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
	public void destroy() throws IOException, InterruptedException {
		running = false;
		watchdog.interrupt();
		watchdog.join(30_000);
		try {
			postgres.close();
		}
		finally {
			lock.close();
		}
	}

}
