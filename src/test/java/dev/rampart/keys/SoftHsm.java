package dev.rampart.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A SoftHSM2 token for tests, initialised under {@code target/softhsm2} (the surefire
 * configuration points {@code SOFTHSM2_CONF} there). Without SoftHSM2 the tests that need
 * it are skipped with the reason, except where {@code RAMPART_TEST_REQUIRE_SOFTHSM} is
 * set (CI): there a missing SoftHSM2 fails them.
 */
final class SoftHsm {

	static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";

	static final String PIN = "rampart-test-pin";

	private static boolean initialised;

	private SoftHsm() {
	}

	/**
	 * Initialises a fresh token once per test JVM (the library reads its configuration
	 * once).
	 */
	static synchronized void requireToken() throws IOException, InterruptedException {
		boolean present = Files.exists(Path.of(LIBRARY)) && Files.isExecutable(Path.of("/usr/bin/softhsm2-util"));
		if (!present) {
			String reason = "SoftHSM2 is not installed (apt-get install softhsm2): PKCS#11 key-store tests skipped";
			if (System.getenv("RAMPART_TEST_REQUIRE_SOFTHSM") != null) {
				Assertions.fail(reason + ", but RAMPART_TEST_REQUIRE_SOFTHSM is set");
			}
			Assumptions.abort(reason);
		}
		if (initialised) {
			return;
		}
		String conf = System.getenv("SOFTHSM2_CONF");
		Assertions.assertNotNull(conf, "SOFTHSM2_CONF must be set (pom.xml surefire configuration)");
		Path tokens = Path.of(conf).resolveSibling("tokens");
		if (Files.exists(tokens)) {
			try (var files = Files.walk(tokens)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		Files.createDirectories(tokens);
		Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n",
				StandardCharsets.UTF_8);
		Process init = new ProcessBuilder(List.of("softhsm2-util", "--init-token", "--free", "--label", "rampart-test",
				"--so-pin", "rampart-test-so-pin", "--pin", PIN))
			.redirectErrorStream(true)
			.start();
		String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		Assertions.assertTrue(init.waitFor(60, TimeUnit.SECONDS) && init.exitValue() == 0, "softhsm2-util: " + output);
		initialised = true;
	}

}
