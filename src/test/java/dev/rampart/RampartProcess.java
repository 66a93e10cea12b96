package dev.rampart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar ({@code target/rampart.jar}) as an operator runs it, in a process of
 * its own: started with a data directory, ports and settings (as system properties),
 * killed or stopped, and its operator commands run against the same data directory.
 */
public final class RampartProcess implements AutoCloseable {

	private final Process process;

	private final Path home;

	private final int httpsPort;

	private final List<String> output = Collections.synchronizedList(new ArrayList<>());

	private RampartProcess(Process process, Path home, int httpsPort) {
		this.process = process;
		this.home = home;
		this.httpsPort = httpsPort;
	}

	/**
	 * Starts {@code serve} with fresh ports on {@code home}; {@code settings} become -D
	 * system properties.
	 */
	public static RampartProcess start(Path home, Map<String, String> environment, Map<String, String> settings)
			throws IOException {
		int[] ports = freePorts(2);
		return start(home, ports[0], ports[1], environment, settings);
	}

	public static RampartProcess start(Path home, int https, int http, Map<String, String> environment,
			Map<String, String> settings) throws IOException {
		List<String> commandLine = new ArrayList<>(List.of(java()));
		settings.forEach((name, value) -> commandLine.add("-D" + name + "=" + value));
		commandLine.addAll(List.of("-jar", jar().toString()));
		ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
		builder.environment().put("RAMPART_HOME", home.toString());
		builder.environment().put("RAMPART_HTTPS_PORT", Integer.toString(https));
		builder.environment().put("RAMPART_HTTP_PORT", Integer.toString(http));
		int management = freePort();
		while (management == https || management == http) {
			// A port just released can come back at once (seen once: the management
			// port equalled the HTTPS port, and Spring refused to start).
			management = freePort();
		}
		builder.environment().put("RAMPART_MANAGEMENT_PORT", Integer.toString(management));
		builder.environment().putAll(environment);
		RampartProcess started = new RampartProcess(builder.start(), home, https);
		started.drain();
		return started;
	}

	/** Waits until Rampart prints that it is ready; returns what it printed so far. */
	public List<String> awaitReady(Duration patience) throws InterruptedException {
		Instant deadline = Instant.now().plus(patience);
		while (Instant.now().isBefore(deadline)) {
			synchronized (output) {
				if (output.stream()
					.anyMatch(line -> line.startsWith("  Plain HTTP") || line.startsWith("  GraphQL:"))) {
					return List.copyOf(output);
				}
			}
			if (!process.isAlive()) {
				break;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("Rampart did not report ready:\n" + String.join("\n", output()));
	}

	public List<String> output() {
		synchronized (output) {
			return List.copyOf(output);
		}
	}

	public Api api() {
		return new Api("https://localhost:" + httpsPort, home.resolve("tls/certificate.pem"));
	}

	public int httpsPort() {
		return httpsPort;
	}

	public long pid() {
		return process.pid();
	}

	/**
	 * The process's threads and their stacks ({@code jcmd Thread.print}), to explain a
	 * hang; what went wrong when it cannot be had.
	 */
	public String threadDump() {
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(pid()), "Thread.print")
				.redirectErrorStream(true)
				.start();
			byte[] output = jcmd.getInputStream().readAllBytes();
			jcmd.waitFor(30, TimeUnit.SECONDS);
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "no thread dump: " + ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "no thread dump: interrupted";
		}
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** {@code kill -9}: no shutdown hook, no clean stop of anything it started. */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
	}

	/** A clean stop (SIGTERM). */
	public int stop() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
		return process.exitValue();
	}

	/** Waits for the process to end by itself (a refused start). */
	public int awaitExit(Duration patience) throws InterruptedException {
		if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly().waitFor();
			throw new AssertionError("Rampart did not exit:\n" + String.join("\n", output()));
		}
		return process.exitValue();
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			stop();
		}
	}

	public record CommandResult(int exitCode, String output) {
	}

	/** Runs an operator command ({@code audit verify}, ...) against {@code home}. */
	public static CommandResult command(Path home, Map<String, String> environment, String... args)
			throws IOException, InterruptedException {
		List<String> commandLine = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
		commandLine.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
		builder.environment().put("RAMPART_HOME", home.toString());
		builder.environment().putAll(environment);
		Process process = builder.start();
		String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
		}
		return new CommandResult(process.exitValue(), printed);
	}

	/** Copies a directory tree (a data directory's keys and secrets, a backup). */
	static void copyTree(Path from, Path to) throws IOException {
		try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(from)) {
			for (Path source : walk.toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (java.nio.file.Files.isDirectory(source)) {
					java.nio.file.Files.createDirectories(target);
				}
				else {
					java.nio.file.Files.copy(source, target);
				}
			}
		}
	}

	/** Distinct free ports, held open together while they are chosen. */
	static int[] freePorts(int count) {
		ServerSocket[] sockets = new ServerSocket[count];
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				sockets[i] = new ServerSocket(0);
				ports[i] = sockets[i].getLocalPort();
			}
			return ports;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				if (socket != null) {
					try {
						socket.close();
					}
					catch (IOException ignored) {
						// closing a listening socket does not fail in practice
					}
				}
			}
		}
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private void drain() {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		Thread drain = new Thread(() -> {
			try {
				String line;
				while ((line = reader.readLine()) != null) {
					output.add(line);
				}
			}
			catch (IOException closedWhenTheProcessEnds) {
				// expected when it is killed
			}
		}, "rampart-process-output");
		drain.setDaemon(true);
		drain.start();
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path jar() {
		return Path.of("target/rampart.jar").toAbsolutePath();
	}

}
