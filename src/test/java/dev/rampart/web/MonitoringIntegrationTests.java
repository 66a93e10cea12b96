package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Monitoring on the loopback management port: Prometheus's text format with request rates
 * and latencies per route template and Rampart's own figures, and the server's CycloneDX
 * SBOM; neither on the public port.
 */
class MonitoringIntegrationTests extends IntegrationTest {

	private final HttpClient plain = HttpClient.newHttpClient();

	private HttpResponse<String> management(String path) throws Exception {
		return plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void prometheusReadsRoutesPoolsAndRampartsOwnFigures() throws Exception {
		TestUser user = api().newUser("metrics");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Measured"));
		api().get("/api/v1/orgs/" + org, user.token());
		HttpResponse<String> scrape = management("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
		String text = scrape.body();
		// Per route template, never per id.
		assertThat(text).contains("http_server_requests_seconds_count{").contains("uri=\"/api/v1/orgs/{orgId}\"");
		assertThat(text).doesNotContain(org);
		// The pool, the database, rate limits, the mail outbox, re-encryption, the
		// watchdog.
		assertThat(text).contains("hikaricp_connections_active{")
			.contains("rampart_db_available")
			.contains("rampart_db_statements_total")
			.contains("rampart_mail_outbox_waiting")
			.contains("rampart_keys_reencryption_pending")
			.contains("rampart_db_embedded_restarts_total");
		// Nothing personal: no email, no token.
		assertThat(text).doesNotContain(user.email()).doesNotContain(user.token());
	}

	@Test
	void theSbomListsWhatTheServerIsMadeOf() throws Exception {
		HttpResponse<String> sbom = management("/actuator/sbom/application");
		assertThat(sbom.statusCode()).isEqualTo(200);
		assertThat(sbom.body()).containsPattern("\"bomFormat\"\\s*:\\s*\"CycloneDX\"")
			.contains("spring-boot")
			.contains("postgresql")
			.contains("\"hashes\"");
	}

	@Test
	void neitherIsOnThePublicPort() {
		for (String path : new String[] { "/actuator/prometheus", "/actuator/sbom/application",
				"/api/v1/actuator/prometheus" }) {
			assertThat(api().get(path, null).status()).as(path).isIn(401, 404);
		}
	}

}
