package dev.rampart.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server process of a data directory, found through its
 * {@code postmaster.pid} (first line: the process id). Not a child of this JVM:
 * {@code pg_ctl} starts it detached, so it outlives a killed Rampart process, and Rampart
 * watches it by its process id.
 */
final class Postmaster {

	private static final Logger log = LoggerFactory.getLogger(Postmaster.class);

	private final ProcessHandle process;

	private Postmaster(ProcessHandle process) {
		this.process = process;
	}

	/**
	 * The PostgreSQL server running on {@code dataDir}, if its pid file names a live
	 * postgres process.
	 */
	static Optional<Postmaster> of(Path dataDir) {
		Path pidFile = dataDir.resolve("postmaster.pid");
		List<String> lines;
		try {
			lines = Files.exists(pidFile) ? Files.readAllLines(pidFile, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		if (lines.isEmpty() || !lines.get(0).trim().matches("\\d{1,10}")) {
			return Optional.empty();
		}
		return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
			.filter(ProcessHandle::isAlive)
			.filter(Postmaster::isPostgres)
			.map(Postmaster::new)
			.filter(Postmaster::isAlive);
	}

	/** A recycled pid of some other program is never taken for the server. */
	private static boolean isPostgres(ProcessHandle handle) {
		return handle.info()
			.command()
			.map(command -> Path.of(command).getFileName().toString().equals("postgres"))
			.orElse(false);
	}

	long pid() {
		return process.pid();
	}

	/**
	 * Alive and not a zombie: a killed server whose new parent (often PID 1 of a
	 * container) has not reaped it yet still counts as alive to
	 * {@link ProcessHandle#isAlive()}.
	 */
	boolean isAlive() {
		return process.isAlive() && !zombie(process.pid());
	}

	private static boolean zombie(long pid) {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		try {
			String line = Files.exists(stat) ? Files.readString(stat, StandardCharsets.US_ASCII) : "";
			int end = line.lastIndexOf(')');
			return end > 0 && end + 2 < line.length() && line.charAt(end + 2) == 'Z';
		}
		catch (IOException gone) {
			return false;
		}
	}

	/**
	 * Stops the server: a fast shutdown through {@code pg_ctl} from the server's own
	 * binaries (clients disconnected, a checkpoint written), else {@code SIGKILL}, which
	 * a durable cluster survives by replaying its write-ahead log at the next start.
	 */
	void stop(Path dataDir, Duration patience) {
		Optional<Path> pgCtl = process.info()
			.command()
			.map(command -> Path.of(command).resolveSibling("pg_ctl"))
			.filter(Files::isExecutable);
		if (pgCtl.isPresent()) {
			try {
				Process stop = new ProcessBuilder(pgCtl.get().toString(), "-D", dataDir.toString(), "stop", "-m",
						"fast", "-w", "-t", Long.toString(Math.max(1, patience.toSeconds())))
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				stop.waitFor(patience.toMillis() + 5_000, TimeUnit.MILLISECONDS);
			}
			catch (IOException ex) {
				log.warn("pg_ctl could not be run ({}); killing the server", ex.getClass().getSimpleName());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (process.isAlive()) {
			process.destroyForcibly();
		}
		try {
			process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("the PostgreSQL server (pid " + process.pid() + ") on " + dataDir
					+ " did not stop; stop it by hand", ex);
		}
	}

}
