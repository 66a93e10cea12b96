package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HTTPS only, the redirect on plain HTTP, security headers, limits and problem documents.
 */
class TransportAndHeadersIntegrationTests extends IntegrationTest {

	@Test
	void plainHttpOnlyRedirectsToHttps() throws Exception {
		HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		for (String method : new String[] { "GET", "POST", "DELETE" }) {
			HttpResponse<String> response = plain
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/api/v1/health"))
					.method(method, HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(308);
			assertThat(response.headers().firstValue("Location"))
				.hasValue("https://localhost:" + HTTPS_PORT + "/api/v1/health");
			assertThat(response.body()).isEmpty();
		}
	}

	@Test
	void onlyTls12And13WithForwardSecretAeadSuitesAreAccepted() throws Exception {
		assertThat(handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256")).isEqualTo("TLS_AES_128_GCM_SHA256");
		assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
			.isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
		for (String cbc : new String[] { "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
				"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256" }) {
			assertThat(handshake("TLSv1.2", cbc)).as(cbc).isEqualTo("refused");
		}
		assertThat(handshake("TLSv1.1", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")).isEqualTo("refused");
	}

	/**
	 * The suite a handshake with only this protocol and suite agreed on, or "refused".
	 */
	private String handshake(String protocol, String suite) throws Exception {
		javax.net.ssl.SSLContext context = api().sslContext();
		try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
			.createSocket("localhost", HTTPS_PORT)) {
			socket.setSoTimeout(5000);
			try {
				socket.setEnabledProtocols(new String[] { protocol });
				socket.setEnabledCipherSuites(new String[] { suite });
				socket.startHandshake();
				return socket.getSession().getCipherSuite();
			}
			catch (javax.net.ssl.SSLException | IllegalArgumentException ex) {
				return "refused";
			}
		}
	}

	@Test
	void everyResponseCarriesTheSecurityHeaders() {
		Api.TestUser user = api().newUser("headers");
		for (Api.Response response : new Api.Response[] { api().get("/api/v1/health", null),
				api().get("/api/v1/me", user.token()), api().get("/api/v1/me", null),
				api().get("/api/v1/does-not-exist", user.token()) }) {
			assertThat(response.headers().firstValue("Strict-Transport-Security"))
				.hasValueSatisfying(v -> assertThat(v).contains("max-age=31536000", "includeSubDomains"));
			assertThat(response.headers().firstValue("Content-Security-Policy"))
				.hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'", "frame-ancestors 'none'")
					.doesNotContain("unsafe"));
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
			assertThat(response.headers().firstValue("Cache-Control"))
				.hasValueSatisfying(v -> assertThat(v).contains("no-store"));
			assertThat(response.headers().firstValue("Server")).isEmpty();
		}
	}

	@Test
	void oversizedBodiesGet413AndMalformedInputGets400WithoutInternals() {
		Api.TestUser user = api().newUser("limits");
		String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
		Api.Response tooLarge = api().call("POST", "/api/v1/orgs", user.token(), huge);
		assertThat(tooLarge.status()).isEqualTo(413);
		for (String body : new String[] { "{", "[]", "{\"name\": null}", "{\"name\": \"\"}",
				"{\"name\": \"a\\u0000b\"}" }) {
			Api.Response response = api().call("POST", "/api/v1/orgs", user.token(), body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(response.body()).doesNotContain("Exception", "tools.jackson", "at dev.rampart");
		}
		assertThat(api().get("/api/v1/orgs/not-a-uuid", user.token()).status()).isEqualTo(400);
		assertThat(api().get("/api/v1/projects/" + java.util.UUID.randomUUID() + "/tasks?limit=1000", user.token())
			.status()).isIn(400, 404);
		assertThat(api().call("PUT", "/api/v1/orgs", user.token(), Map.of()).status()).isEqualTo(405);
		assertThat(api().call("GET", "/api/v1/me", user.token(), null, Map.of("X-Padding", "p".repeat(12 * 1024)))
			.status()).as("headers just under 16 KB").isEqualTo(200);
		assertThat(api().call("GET", "/api/v1/me", user.token(), null, Map.of("X-Padding", "p".repeat(20 * 1024)))
			.status()).as("headers over 16 KB").isEqualTo(400);
	}

}
