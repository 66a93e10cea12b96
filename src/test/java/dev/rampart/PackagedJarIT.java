package dev.rampart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as a user runs it: a fresh data directory, the URL printed, HTTPS
 * answering, HTTP redirecting, and the data still there after a restart.
 */
class PackagedJarIT {

	/**
	 * Control C27: the jar carries the SBOMs the build made, the server's (Maven) and the
	 * web application's (npm), each in CycloneDX with every component's version.
	 */
	@Test
	void theJarCarriesItsSboms() throws Exception {
		try (java.util.jar.JarFile jar = new java.util.jar.JarFile("target/rampart.jar")) {
			for (String name : List.of("META-INF/sbom/application.cdx.json", "META-INF/sbom/ui.cdx.json")) {
				java.util.zip.ZipEntry entry = jar.getEntry(name);
				assertThat(entry).as(name).isNotNull();
				String text = new String(jar.getInputStream(entry).readAllBytes(),
						java.nio.charset.StandardCharsets.UTF_8);
				assertThat(text).as(name).containsPattern("\"bomFormat\"\\s*:\\s*\"CycloneDX\"");
				assertThat(text).as(name).contains("\"version\"");
			}
		}
	}

	@Test
	void startsOnAFreshDataDirectoryAndKeepsDataAcrossRestarts() throws Exception {
		Path home = Files.createTempDirectory("rampart-jar-");
		int https = RampartProcess.freePort();
		int http = RampartProcess.freePort();
		String email = "jar-" + System.nanoTime() + "@example.test";
		try (RampartProcess first = RampartProcess.start(home, https, http, Map.of(), Map.of())) {
			List<String> output = first.awaitReady(Duration.ofMinutes(2));
			assertThat(String.join("\n", output)).contains("https://localhost:" + https + "/api/v1");
			Api api = first.api();
			assertThat(api.get("/api/v1/health", null).status()).isEqualTo(200);
			HttpResponse<Void> redirect = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http + "/api/v1/health")).build(),
						HttpResponse.BodyHandlers.discarding());
			assertThat(redirect.statusCode()).isEqualTo(308);
			assertThat(api.signUp(email, "Jar", Api.STRONG_PASSWORD).status()).isEqualTo(202);
			String token = api.login(email, Api.STRONG_PASSWORD);
			api.create("/api/v1/orgs", token, Map.of("name", "Survives restarts"));
		}
		try (RampartProcess second = RampartProcess.start(home, https, http, Map.of(), Map.of())) {
			second.awaitReady(Duration.ofMinutes(2));
			Api api = second.api();
			String token = api.login(email, Api.STRONG_PASSWORD);
			assertThat(api.get("/api/v1/orgs", token).body()).contains("Survives restarts");
			// A command that needs the embedded database while the server holds it: one
			// line saying what to do.
			RampartProcess.CommandResult busy = command(home, "errors", "list");
			assertThat(busy.exitCode()).isEqualTo(2);
			assertThat(busy.output())
				.contains("rampart: another Rampart process (pid ",
						"stop it first, or point RAMPART_DB_URL at an external PostgreSQL")
				.doesNotContain("\tat ", "APPLICATION FAILED");
		}
		// The operator's commands run against the same data directory while the server is
		// stopped.
		RampartProcess.CommandResult verify = command(home, "audit", "verify");
		assertThat(verify.exitCode()).as(verify.output()).isZero();
		assertThat(verify.output()).contains("Activity log intact", "OK       platform");
		RampartProcess.CommandResult platform = command(home, "audit", "list", "--platform", "--action",
				"auth.sign-in");
		assertThat(platform.output()).contains("\"action\":\"auth.sign-in\"", "\"outcome\":\"success\"")
			.doesNotContain(email);
		Path passwordFile = Files.createTempFile(home, "password", ".txt");
		Files.writeString(passwordFile, Api.STRONG_PASSWORD + "\n");
		RampartProcess.CommandResult created = command(home, "admin", "create-user", "--email", "cli-" + email,
				"--name", "Cli", "--password-file", passwordFile.toString());
		assertThat(created.output()).contains("Created user");
		RampartProcess.CommandResult recorded = command(home, "audit", "list", "--platform", "--action",
				"admin.create-user");
		assertThat(recorded.output()).contains("\"userAgent\":\"rampart-cli\"", "\"outcome\":\"success\"")
			.doesNotContain("cli-" + email, Api.STRONG_PASSWORD);
		RampartProcess.CommandResult granted = command(home, "admin", "grant-role", "--email", "cli-" + email, "--role",
				"key-custodian");
		assertThat(granted.output()).contains("Granted key-custodian");
		RampartProcess.CommandResult holders = command(home, "admin", "roles");
		assertThat(holders.output()).contains("cli-" + email.toLowerCase(java.util.Locale.ROOT), "key-custodian");
		RampartProcess.CommandResult keyStatus = command(home, "keys", "status");
		assertThat(keyStatus.output()).contains("Key store:", "local");
		RampartProcess.CommandResult keyVerify = command(home, "keys", "verify", "--sample", "5");
		assertThat(keyVerify.exitCode()).as(keyVerify.output()).isZero();
		assertThat(keyVerify.output()).contains("Every keyset opens;").doesNotContain("Survives restarts");
		RampartProcess.CommandResult checkpoint = command(home, "audit", "checkpoint");
		assertThat(checkpoint.output()).contains("Signed the heads of");
		RampartProcess.CommandResult errors = command(home, "errors", "list");
		assertThat(errors.exitCode()).as(errors.output()).isZero();
		assertThat(errors.output()).contains("0 reports.");
		RampartProcess.CommandResult unknown = command(home, "errors", "show", "00000000-0000-0000-0000-000000000001");
		assertThat(unknown.exitCode()).isEqualTo(1);
		RampartProcess.CommandResult emptyHome = RampartProcess.command(home, Map.of("RAMPART_HOME", ""), "errors",
				"list");
		assertThat(emptyHome.exitCode()).isEqualTo(2);
		assertThat(emptyHome.output()).contains("rampart: RAMPART_HOME is set but empty")
			.doesNotContain("Exception", "APPLICATION FAILED");

		// Seeding: refused where people created accounts (unless --force), every error
		// one line.
		RampartProcess.CommandResult realAccounts = command(home, "seed", "--orgs", "2", "--users", "8");
		assertThat(realAccounts.exitCode()).isEqualTo(1);
		assertThat(realAccounts.output()).contains("rampart: this data directory holds accounts people created")
			.doesNotContain("Exception", "\tat ");
		RampartProcess.CommandResult badSize = command(home, "seed", "--orgs", "2", "--users", "7", "--force");
		assertThat(badSize.exitCode()).isEqualTo(1);
		assertThat(badSize.output().strip()).endsWith("asked for 2 organizations, 7 users, 50 projects, 10000 tasks")
			.contains("rampart: a seed needs at least 1 organization, 4 users and 1 project per organization");
		RampartProcess.CommandResult notANumber = command(home, "seed", "--orgs", "many");
		assertThat(notANumber.exitCode()).isEqualTo(2);
		assertThat(notANumber.output().strip())
			.isEqualTo("rampart: Invalid value for option '--orgs': 'many' is not an int (see: rampart seed --help)");
		RampartProcess.CommandResult help = command(home, "seed", "--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.output()).contains("--orgs=<orgs>", "at least 4 per organization", "--force",
				"--tasks=<tasks>");
		Path fresh = Files.createTempDirectory("rampart-seed-");
		for (int run = 0; run < 2; run++) {
			RampartProcess.CommandResult seeded = RampartProcess.command(fresh, Map.of(), "seed", "--orgs", "2",
					"--users", "8", "--projects", "2", "--tasks", "40");
			assertThat(seeded.exitCode()).as("run " + run + ": " + seeded.output()).isZero();
			assertThat(seeded.output()).contains("Seeded 2 organizations, 8 users, 2 projects, 40 tasks", "role=guest");
		}
		assertThat(command(home, "seed", "--orgs", "1", "--users", "4", "--projects", "1", "--tasks", "1", "--force")
			.exitCode()).isZero();
		// A start that fails on a setting: which one and why, in the last line (the JSON
		// log has the rest).
		RampartProcess.CommandResult badSetting = RampartProcess.command(fresh,
				Map.of("RAMPART_DB_URL", "jdbc:postgresql://127.0.0.1:1/rampart"), "migrate");
		assertThat(badSetting.exitCode()).isEqualTo(2);
		List<String> lines = badSetting.output().strip().lines().toList();
		assertThat(lines.get(lines.size() - 1)).isEqualTo("rampart: the settings under rampart.db are invalid: with"
				+ " rampart.db.url set, rampart.db.username and rampart.db.migration-username are required");
		assertThat(badSetting.output()).doesNotContain("\tat ");
	}

	private static RampartProcess.CommandResult command(Path home, String... args) throws Exception {
		return RampartProcess.command(home, Map.of(), args);
	}

}
