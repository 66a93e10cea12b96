package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.IntegrationTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Health as load balancers and operators read it: the readiness and liveness groups on
 * the public port (status only), the full report on the management port, which like both
 * public connectors listens only on the configured address (loopback by default).
 */
class HealthAndBindingIntegrationTests extends IntegrationTest {

	private final HttpClient plain = HttpClient.newHttpClient();

	@Test
	void publicHealthChecksTellReadinessAndLivenessWithoutDetails() {
		for (String path : new String[] { "/api/v1/health", "/api/v1/health/readiness", "/api/v1/health/liveness" }) {
			var health = api().get(path, null);
			assertThat(health.status()).as(path).isEqualTo(200);
			assertThat(health.body()).as(path).isEqualTo("{\"status\":\"up\"}");
		}
	}

	@Test
	void managementPortReportsEveryComponentOfReadiness() throws Exception {
		HttpResponse<String> health = management("/actuator/health/readiness", "GET");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"database\":{\"details\":{", "\"outages\":", "\"readinessState\"",
				"\"status\":\"UP\"");
		assertThat(management("/actuator/health/liveness", "GET").body()).contains("\"livenessState\"");
	}

	@Test
	void managementEndpointsAreReadOnlyAndNotOnThePublicPort() throws Exception {
		assertThat(management("/actuator/health", "POST").statusCode()).isIn(403, 405);
		assertThat(management("/actuator/env", "GET").statusCode()).isIn(401, 403, 404);
		assertThat(api().get("/actuator/health", null).status()).isIn(401, 404);
		assertThat(api().get("/api/v1/health/components", null).status()).isEqualTo(401);
	}

	@Test
	void everyPortListensOnTheConfiguredAddressOnly() throws Exception {
		// Bound to 127.0.0.1: another loopback address of this machine is not listened on
		// (it would be with 0.0.0.0), so nothing leaves loopback to prove it.
		InetAddress elsewhere = InetAddress.getByName("127.0.0.2");
		for (int port : new int[] { HTTPS_PORT, HTTP_PORT, MANAGEMENT_PORT }) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(elsewhere, port), 2_000);
				throw new AssertionError("port " + port + " answered on " + elsewhere);
			}
			catch (IOException refused) {
				assertThat(refused).as("port %d on %s", port, elsewhere).isInstanceOf(java.net.ConnectException.class);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2_000);
			}
		}
	}

	private HttpResponse<String> management(String path, String method) throws Exception {
		return plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
