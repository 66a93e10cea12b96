package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The container's error page is no route: a client asking for /error gets 404, and the
 * API description does not list it.
 */
class ErrorRouteIntegrationTests extends IntegrationTest {

	@Test
	void errorIsNotARouteForClients() {
		for (String method : new String[] { "GET", "POST", "DELETE" }) {
			var answer = api().call(method, "/error", null, null);
			assertThat(answer.status()).as(method).isEqualTo(404);
			assertThat(answer.headers().firstValue("Content-Type")).get()
				.asString()
				.startsWith("application/problem+json");
			assertThat(answer.body()).doesNotContain("errorId");
		}
		var user = api().newUser("error-route");
		assertThat(api().get("/error", user.token()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/openapi.json", null).body()).doesNotContain("\"/error\"");
	}

}
