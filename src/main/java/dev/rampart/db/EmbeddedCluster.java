package dev.rampart.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster from the embedded binaries, run by this process: durable settings,
 * password (SCRAM) authentication by the {@code pg_hba.conf} its owner supplies (written
 * before every start and at {@link #reloadHba}), one process per data directory (its own
 * lock file), a server left behind by a killed process stopped before the start, and a
 * watchdog that starts it again on the same port when it dies. Rampart's own database is
 * one; the customers' BI database is another.
 */
public final class EmbeddedCluster implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);

	/**
	 * Settings that make an acknowledged commit survive a crash (the library's defaults
	 * turn them off).
	 */
	static final Map<String, String> DURABLE = Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes",
			"on");

	private static final int START_ATTEMPTS = 5;

	private static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(10);

	/**
	 * What a cluster is: its name (logs and the restart metric's {@code cluster} tag),
	 * data directory, the lock file only one process may hold, the address it listens on
	 * and its port (0: any free one, kept for restarts), extra server settings, the
	 * {@code pg_hba.conf} text and the superuser's password.
	 */
	public record Spec(String name, Path dataDir, Path lockFile, String listenAddresses, int port,
			Map<String, String> settings, Supplier<String> hba, String superPassword, Duration watchdogInterval) {
	}

	private final Spec spec;

	private final DataDirectoryLock lock;

	private final Map<String, String> serverSettings;

	private final int port;

	private final Counter restarts;

	private final Thread watchdog;

	private volatile EmbeddedPostgres postgres;

	private volatile boolean running = true;

	private EmbeddedCluster(Spec spec, DataDirectoryLock lock, MeterRegistry meters, @Nullable Path pwFile) {
		this.spec = spec;
		this.lock = lock;
		Postmaster.of(spec.dataDir()).ifPresent(orphan -> {
			log.warn("A PostgreSQL server (pid {}) left running by an earlier Rampart process holds {}: stopping it",
					orphan.pid(), spec.dataDir());
			orphan.stop(spec.dataDir(), Duration.ofSeconds(30));
		});
		this.serverSettings = new LinkedHashMap<>(DURABLE);
		this.serverSettings.putAll(spec.settings());
		this.postgres = startWithRetries(spec.port(), pwFile, START_ATTEMPTS);
		this.port = postgres.getPort();
		this.restarts = Counter.builder("rampart.db.embedded.restarts")
			.description("Times the watchdog restarted an embedded PostgreSQL server after it died")
			.tag("cluster", spec.name())
			.register(meters);
		this.watchdog = new Thread(() -> watch(spec.watchdogInterval()), "rampart-" + spec.name() + "-watchdog");
		this.watchdog.setDaemon(true);
		this.watchdog.start();
		log.info("Embedded PostgreSQL ({}) running on {}:{} with data in {}", spec.name(), spec.listenAddresses(), port,
				spec.dataDir());
	}

	/**
	 * Starts the cluster (initialising its data directory the first time), or refuses
	 * when another process holds its lock.
	 */
	public static EmbeddedCluster start(Spec spec, MeterRegistry meters) {
		DataDirectoryLock lock = DataDirectoryLock.acquireFile(spec.lockFile());
		Path pwFile = null;
		try {
			Path home = java.util.Objects.requireNonNull(spec.lockFile().getParent(), "the lock file's directory");
			Files.createDirectories(
					java.util.Objects.requireNonNull(spec.dataDir().getParent(), "the data directory's parent"));
			pwFile = Files.createTempFile(home, "initdb-", ".pw");
			Files.writeString(pwFile, spec.superPassword() + "\n", StandardCharsets.UTF_8);
			return new EmbeddedCluster(spec, lock, meters, pwFile);
		}
		catch (IOException ex) {
			lock.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			lock.close();
			throw ex;
		}
		finally {
			if (pwFile != null) {
				try {
					Files.deleteIfExists(pwFile);
				}
				catch (IOException ex) {
					log.warn("Could not delete {}", pwFile);
				}
			}
		}
	}

	public int port() {
		return port;
	}

	/** The superuser's connections to {@code database} (bootstrap and administration). */
	public DataSource superuser(String database) {
		return postgres.getDatabase("postgres", database);
	}

	/** Writes the cluster's {@code pg_hba.conf} again and has the server read it. */
	public void reloadHba() throws SQLException {
		writeHba(spec.dataDir(), spec.hba().get());
		try (Connection c = superuser("postgres").getConnection(); var s = c.createStatement()) {
			s.execute("select pg_reload_conf()");
		}
	}

	/** Whether the server's process is running now. */
	public boolean alive() {
		return Postmaster.of(spec.dataDir()).isPresent();
	}

	private EmbeddedPostgres startWithRetries(int onPort, @Nullable Path pwFile, int attempts) {
		for (int attempt = 1;; attempt++) {
			try {
				return builder(onPort, pwFile).start();
			}
			catch (IOException | RuntimeException ex) {
				if (attempt >= attempts || !running) {
					throw new IllegalStateException("embedded PostgreSQL did not start in " + spec.dataDir(), ex);
				}
				log.warn("Embedded PostgreSQL ({}) did not start (attempt {}: {}); trying again", spec.name(), attempt,
						ex.getClass().getSimpleName());
				pause(backOff(attempt));
			}
		}
	}

	private EmbeddedPostgres.Builder builder(int onPort, @Nullable Path pwFile) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(spec.dataDir())
			.setCleanDataDirectory(false)
			// The owner stops the server after the beans that use it; a JVM hook of its
			// own could stop it first.
			.setRegisterShutdownHook(false)
			.setPort(onPort)
			.setDataDirectoryCustomizer(dir -> writeHba(dir.toPath(), spec.hba().get()))
			.setServerConfig("listen_addresses", spec.listenAddresses())
			.setServerConfig("password_encryption", "scram-sha-256")
			.setConnectConfig("password", spec.superPassword());
		serverSettings.forEach(builder::setServerConfig);
		if (pwFile != null) {
			builder.setLocaleConfig("pwfile", pwFile.toString());
		}
		return builder;
	}

	private static void writeHba(Path dataDir, String hba) {
		try {
			Files.writeString(dataDir.resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Watches the server's process; when it is gone, starts it again on the same port
	 * with back-off, for as long as it takes. The pools reconnect by themselves once it
	 * answers.
	 */
	private void watch(Duration interval) {
		Postmaster watched = Postmaster.of(spec.dataDir()).orElse(null);
		while (running) {
			pause(interval);
			if (!running || (watched != null && watched.isAlive())) {
				continue;
			}
			// Looked up again before acting: only a data directory without a live server
			// is restarted.
			Postmaster current = Postmaster.of(spec.dataDir()).orElse(null);
			if (current != null) {
				watched = current;
				continue;
			}
			log.error("Embedded PostgreSQL ({}){} is gone: restarting it", spec.name(),
					watched == null ? "" : " (pid " + watched.pid() + ")");
			long started = System.nanoTime();
			watched = restart();
			if (watched != null) {
				restarts.increment();
				log.info("Embedded PostgreSQL ({}) restarted in {} ms (pid {})", spec.name(),
						(System.nanoTime() - started) / 1_000_000, watched.pid());
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
				return Postmaster.of(spec.dataDir()).orElse(null);
			}
			catch (IOException | RuntimeException ex) {
				log.warn("Embedded PostgreSQL ({}) did not start again (attempt {}: {}); trying again", spec.name(),
						attempt, ex.getClass().getSimpleName());
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

	@Override
	public void close() {
		running = false;
		watchdog.interrupt();
		try {
			watchdog.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			postgres.close();
		}
		catch (IOException ex) {
			log.warn("Embedded PostgreSQL ({}) did not stop cleanly: {}", spec.name(), ex.getClass().getSimpleName());
		}
		finally {
			lock.close();
		}
	}

}
