package dev.rampart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server from Debian's {@code postgresql-15} package, in a cluster of
 * its own under a temporary directory, on loopback, with password (SCRAM) authentication
 * and the two roles Rampart needs, as docs/architecture.md tells operators to create
 * them. Without the package the tests that need it are skipped with the reason, unless
 * {@code RAMPART_TEST_REQUIRE_POSTGRESQL} is set (CI), where that fails them.
 */
final class ExternalPostgres implements AutoCloseable {

	static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

	static final String OWNER = "rampart_owner";

	static final String APP = "rampart_app";

	private static final String SUPERUSER_PASSWORD = "super-" + Long.toHexString(System.nanoTime());

	static final String OWNER_PASSWORD = "owner-" + Long.toHexString(System.nanoTime());

	static final String APP_PASSWORD = "app-" + Long.toHexString(System.nanoTime());

	private final Path dataDir;

	private final int port;

	private final List<String> settings;

	private ExternalPostgres(Path dataDir, int port, List<String> settings) {
		this.dataDir = dataDir;
		this.port = port;
		this.settings = settings;
	}

	static void requireInstalled() {
		if (!Files.isExecutable(BIN.resolve("initdb"))) {
			String reason = "PostgreSQL 15 is not installed (apt-get install postgresql-15): external-database fault tests skipped";
			if (System.getenv("RAMPART_TEST_REQUIRE_POSTGRESQL") != null) {
				Assertions.fail(reason + ", but RAMPART_TEST_REQUIRE_POSTGRESQL is set");
			}
			Assumptions.abort(reason);
		}
	}

	/**
	 * A new cluster with the given extra settings ({@code fsync=off}, ...), started,
	 * roles created.
	 */
	static ExternalPostgres start(String... extraSettings) throws IOException, InterruptedException, SQLException {
		requireInstalled();
		Path dir = Files.createTempDirectory("rampart-pg-");
		Path dataDir = dir.resolve("data");
		Path pwFile = dir.resolve("pwfile");
		Files.writeString(pwFile, SUPERUSER_PASSWORD + "\n", StandardCharsets.UTF_8);
		chownToPostgres(dir);
		run(List.of(BIN.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres", "--pwfile=" + pwFile,
				"--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF-8"));
		Files.delete(pwFile);
		List<String> settings = new ArrayList<>(
				List.of("listen_addresses=127.0.0.1", "unix_socket_directories=" + dir));
		settings.addAll(List.of(extraSettings));
		ExternalPostgres server = new ExternalPostgres(dataDir, RampartProcess.freePort(), settings);
		server.startServer();
		server.createRoles();
		return server;
	}

	/** The settings Rampart needs to use this server (environment variables). */
	Map<String, String> rampartEnvironment() {
		return Map.of("RAMPART_DB_URL", jdbcUrl(), "RAMPART_DB_USERNAME", APP, "RAMPART_DB_PASSWORD", APP_PASSWORD,
				"RAMPART_DB_MIGRATION_USERNAME", OWNER, "RAMPART_DB_MIGRATION_PASSWORD", OWNER_PASSWORD);
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + port + "/rampart";
	}

	/** Stops like a crash ({@code immediate}: no checkpoint, clients cut off). */
	void crash() throws IOException, InterruptedException {
		run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "stop", "-m", "immediate", "-w"));
	}

	void startServer() throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w",
				"-l", dataDir.resolveSibling("server.log").toString(), "start", "-o"));
		StringBuilder options = new StringBuilder("-p " + port);
		settings.forEach(setting -> options.append(" -c ").append(setting));
		command.add(options.toString());
		run(command);
	}

	private void createRoles() throws SQLException {
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
				SUPERUSER_PASSWORD); Statement s = c.createStatement()) {
			// Test-only DDL with constant names and generated passwords (no input from
			// outside).
			s.execute("CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS PASSWORD '"
					+ OWNER_PASSWORD + "'");
			s.execute("CREATE ROLE " + APP + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '"
					+ APP_PASSWORD + "'");
			s.execute("CREATE DATABASE rampart OWNER " + OWNER);
			s.execute("REVOKE ALL ON DATABASE rampart FROM PUBLIC");
			s.execute("GRANT CONNECT ON DATABASE rampart TO " + APP);
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "stop", "-m", "fast", "-w"), true);
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		run(command, false);
	}

	/**
	 * Runs a PostgreSQL program, as the postgres user when this is root (the server
	 * refuses to run as root).
	 */
	private static void run(List<String> command, boolean quiet) throws IOException, InterruptedException {
		List<String> full = new ArrayList<>();
		if (isRoot()) {
			full.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		full.addAll(command);
		Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean ended = process.waitFor(2, TimeUnit.MINUTES);
		if (!quiet && (!ended || process.exitValue() != 0)) {
			throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
		}
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static void chownToPostgres(Path dir) throws IOException, InterruptedException {
		if (isRoot()) {
			Process chown = new ProcessBuilder("chown", "-R", "postgres:postgres", dir.toString()).inheritIO().start();
			chown.waitFor();
			// The temporary directory's parents must let the postgres user through.
			dir.toFile().setExecutable(true, false);
		}
	}

}
