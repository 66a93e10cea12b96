package dev.rampart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as a user runs it: a fresh data directory, the URL printed, HTTPS answering,
 * HTTP redirecting, and the data still there after a restart.
 */
class PackagedJarIT {

	@Test
	void startsOnAFreshDataDirectoryAndKeepsDataAcrossRestarts() throws Exception {
		Path home = Files.createTempDirectory("rampart-jar-");
		int https = freePort();
		int http = freePort();
		String email = "jar-" + System.nanoTime() + "@example.test";
		Process first = start(home, https, http);
		try {
			List<String> output = awaitReady(first);
			assertThat(String.join("\n", output)).contains("https://localhost:" + https + "/api/v1");
			Api api = new Api("https://localhost:" + https, home.resolve("tls/certificate.pem"));
			assertThat(api.get("/api/v1/health", null).status()).isEqualTo(200);
			HttpResponse<Void> redirect = HttpClient.newHttpClient().send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + http + "/api/v1/health")).build(),
					HttpResponse.BodyHandlers.discarding());
			assertThat(redirect.statusCode()).isEqualTo(302);
			assertThat(api.signUp(email, "Jar", Api.STRONG_PASSWORD).status()).isEqualTo(202);
			String token = api.login(email, Api.STRONG_PASSWORD);
			api.create("/api/v1/orgs", token, Map.of("name", "Survives restarts"));
		}
		finally {
			stop(first);
		}
		Process second = start(home, https, http);
		try {
			awaitReady(second);
			Api api = new Api("https://localhost:" + https, home.resolve("tls/certificate.pem"));
			String token = api.login(email, Api.STRONG_PASSWORD);
			assertThat(api.get("/api/v1/orgs", token).body()).contains("Survives restarts");
		}
		finally {
			stop(second);
		}
		// The operator's commands run against the same data directory while the server is stopped.
		CommandResult verify = command(home, "audit", "verify");
		assertThat(verify.exitCode()).as(verify.output()).isZero();
		assertThat(verify.output()).contains("Activity log intact", "OK       platform");
		CommandResult platform = command(home, "audit", "list", "--platform", "--action", "auth.sign-in");
		assertThat(platform.output()).contains("\"action\":\"auth.sign-in\"", "\"outcome\":\"success\"")
			.doesNotContain(email);
		Path passwordFile = Files.createTempFile(home, "password", ".txt");
		Files.writeString(passwordFile, Api.STRONG_PASSWORD + "\n");
		CommandResult created = command(home, "admin", "create-user", "--email", "cli-" + email, "--name", "Cli",
				"--password-file", passwordFile.toString());
		assertThat(created.output()).contains("Created user");
		CommandResult recorded = command(home, "audit", "list", "--platform", "--action", "admin.create-user");
		assertThat(recorded.output()).contains("\"userAgent\":\"rampart-cli\"", "\"outcome\":\"success\"")
			.doesNotContain("cli-" + email, Api.STRONG_PASSWORD);
		CommandResult granted = command(home, "admin", "grant-role", "--email", "cli-" + email, "--role", "key-custodian");
		assertThat(granted.output()).contains("Granted key-custodian");
		CommandResult holders = command(home, "admin", "roles");
		assertThat(holders.output()).contains("cli-" + email.toLowerCase(java.util.Locale.ROOT), "key-custodian");
		CommandResult keyStatus = command(home, "keys", "status");
		assertThat(keyStatus.output()).contains("Key store:", "local");
		CommandResult keyVerify = command(home, "keys", "verify", "--sample", "5");
		assertThat(keyVerify.exitCode()).as(keyVerify.output()).isZero();
		assertThat(keyVerify.output()).contains("Every keyset opens;").doesNotContain("Survives restarts");
		CommandResult checkpoint = command(home, "audit", "checkpoint");
		assertThat(checkpoint.output()).contains("Signed the heads of");
		CommandResult errors = command(home, "errors", "list");
		assertThat(errors.exitCode()).as(errors.output()).isZero();
		assertThat(errors.output()).contains("0 reports.");
		CommandResult unknown = command(home, "errors", "show", "00000000-0000-0000-0000-000000000001");
		assertThat(unknown.exitCode()).isEqualTo(1);
	}

	record CommandResult(int exitCode, String output) {
	}

	private static CommandResult command(Path home, String... args) throws IOException, InterruptedException {
		Path jar = Path.of("target/rampart.jar").toAbsolutePath();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> commandLine = new ArrayList<>(List.of(java, "-jar", jar.toString()));
		commandLine.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
		builder.environment().put("RAMPART_HOME", home.toString());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
		}
		return new CommandResult(process.exitValue(), output);
	}

	private static Process start(Path home, int https, int http) throws IOException {
		Path jar = Path.of("target/rampart.jar").toAbsolutePath();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true);
		builder.environment().put("RAMPART_HOME", home.toString());
		builder.environment().put("RAMPART_HTTPS_PORT", Integer.toString(https));
		builder.environment().put("RAMPART_HTTP_PORT", Integer.toString(http));
		return builder.start();
	}

	private static List<String> awaitReady(Process process) throws IOException {
		List<String> lines = new ArrayList<>();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while (Instant.now().isBefore(deadline) && (line = reader.readLine()) != null) {
			lines.add(line);
			if (line.startsWith("  Plain HTTP")) {
				Thread drain = new Thread(() -> {
					try {
						while (reader.readLine() != null) {
							// keep the child's pipe from filling up
						}
					}
					catch (IOException closedWhenTheProcessEnds) {
						// expected at shutdown
					}
				});
				drain.setDaemon(true);
				drain.start();
				return lines;
			}
		}
		throw new AssertionError("Rampart did not report ready:\n" + String.join("\n", lines));
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
