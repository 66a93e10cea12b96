package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Passwords and tokens never reach the log output, whatever the outcome of the request.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedIntegrationTests extends IntegrationTest {

	@Test
	void noPasswordOrTokenAppearsInAnyLogOutput(CapturedOutput output) throws IOException {
		String password = "Unlogged-Secret-" + System.nanoTime();
		String email = Api.newEmail("logs");
		api().signUp(email, "Logs", password);
		String token = api().login(email, password);
		api().post("/api/v1/auth/login", null, Map.of("email", email, "password", password + "-wrong"));
		api().signUp(Api.newEmail("weak"), "Weak", "password");
		api().get("/api/v1/me", token);
		api().get("/api/v1/me", token + "tampered");
		api().call("POST", "/api/v1/orgs", token, "{\"name\": " + password);
		api().post("/api/v1/auth/logout", token, null);
		assertThat(output.getAll()).doesNotContain(password, token, "tampered");
		try (Stream<Path> files = Files.walk(HOME)) {
			for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
				assertThat(Files.readString(log)).doesNotContain(password, token);
			}
		}
	}

}
