package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's API walkthrough runs from top to bottom as written: the shell block
 * between its walkthrough markers is run by bash with curl against a test server (only
 * the base URL differs).
 */
class ReadmeWalkthroughIntegrationTests extends IntegrationTest {

	@Test
	void theReadmeWalkthroughRunsAsWritten() throws Exception {
		if (!Files.isExecutable(Path.of("/usr/bin/curl")) && !Files.isExecutable(Path.of("/bin/curl"))) {
			String reason = "curl is not installed (apt-get install curl): the README walkthrough is not run";
			// CI installs it; there a skip would hide a README that no longer works.
			Assertions.assertNull(System.getenv("RAMPART_TEST_REQUIRE_CURL"),
					reason + ", but RAMPART_TEST_REQUIRE_CURL is set");
			Assumptions.abort(reason);
		}
		String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
		int start = readme.indexOf("<!-- walkthrough:start -->");
		int end = readme.indexOf("<!-- walkthrough:end -->");
		assertThat(start).as("walkthrough markers in README.md").isPositive();
		String block = readme.substring(start, end);
		String script = block.substring(block.indexOf("```sh\n") + 6, block.lastIndexOf("```"));
		Path file = Files.createTempFile("readme-walkthrough-", ".sh");
		// -e: any failing step fails the test; the second-factor branch is not taken (no
		// second factor).
		Files.writeString(file, "set -eu\n" + script, StandardCharsets.UTF_8);
		ProcessBuilder bash = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
		bash.environment().put("RAMPART_URL", "https://localhost:" + HTTPS_PORT);
		Process process = bash.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).as(output)
			.contains("\"email\":\"ada@example.com\"", "\"status\":\"in_progress\"", "a stale If-Match answers 412",
					"\"bodyHtml\":\"<p>Draft is in the <strong>shared folder</strong>.</p>",
					"\"title\":\"Write the press release\"", "\"assigneeName\":\"Ada\"", "\"next\":null");
		assertThat(output).doesNotContain("\"status\":4", "\"status\":5");
	}

}
