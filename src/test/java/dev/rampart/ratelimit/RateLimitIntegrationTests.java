package dev.rampart.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import dev.rampart.db.ExtraNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Rate limits on a two-node cluster: two more Rampart servers on the test database with
 * small budgets. Requests alternate between the nodes, so a limit that held per node only
 * would let twice as many through.
 */
class RateLimitIntegrationTests extends IntegrationTest {

	private static final AtomicInteger ADDRESSES = new AtomicInteger();

	private static final List<ConfigurableApplicationContext> NODES = new ArrayList<>();

	private static Api nodeA;

	private static Api nodeB;

	@Autowired
	ApplicationContext running;

	/**
	 * Started from the first test (not a {@code @BeforeAll} with an injected context:
	 * that would start the test context before the base class has chosen its data
	 * directory).
	 */
	@BeforeEach
	void startTwoNodes() {
		if (!NODES.isEmpty()) {
			return;
		}
		Map<String, Object> budgets = Map.of("rampart.rate-limit.per-address", 15, "rampart.rate-limit.per-user", 20,
				"rampart.rate-limit.per-token", 12, "rampart.rate-limit.graphql-cost-per-user", 60,
				"rampart.rate-limit.expensive-per-user", 3, "rampart.rate-limit.expensive-routes", "/api/v1/tasks",
				"rampart.rate-limit.period", "1h", "rampart.rate-limit.max-unsynchronized-share", 0,
				"rampart.web.trusted-proxies", "127.0.0.1,::1");
		for (int i = 0; i < 2; i++) {
			int port = freePort();
			NODES.add(ExtraNode.start(running, HOME, port, budgets));
			Api api = new Api("https://localhost:" + port, HOME.resolve("tls/certificate.pem"));
			if (i == 0) {
				nodeA = api;
			}
			else {
				nodeB = api;
			}
		}
	}

	@AfterAll
	static void stopNodes() {
		NODES.forEach(ConfigurableApplicationContext::close);
	}

	/** A fresh client address for each request (through the trusted proxy header). */
	private static Map<String, String> fromNewAddress() {
		int n = ADDRESSES.incrementAndGet();
		return Map.of("X-Forwarded-For", "10.77." + (n / 250) + "." + (n % 250 + 1));
	}

	@Test
	void aUsersBudgetHoldsAcrossBothNodesAndAllTheirTokens() {
		Api.TestUser user = api().newUser("limited");
		String[] tokens = { user.token(), api().login(user.email(), Api.STRONG_PASSWORD) };
		int allowed = 0;
		Api.Response refused = null;
		for (int i = 0; i < 40; i++) {
			Api node = i % 2 == 0 ? nodeA : nodeB;
			Api.Response response = node.call("GET", "/api/v1/me", tokens[(i / 2) % 2], null, fromNewAddress());
			if (response.status() == 200) {
				allowed++;
				assertThat(response.headers().firstValue("RateLimit-Policy")).isPresent();
			}
			else {
				assertThat(response.status()).isEqualTo(429);
				refused = refused == null ? response : refused;
			}
		}
		assertThat(allowed).as("one budget of 20 for both nodes and both tokens, not 20 each").isEqualTo(20);
		assertThat(refused).isNotNull();
		assertThat(refused.text("type")).isEqualTo("urn:rampart:problem:rate-limited");
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
		assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"user\";q=20;w=3600");
		assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"user\";r=0;t=");
		Api.TestUser other = api().newUser("unaffected");
		assertThat(nodeB.call("GET", "/api/v1/me", other.token(), null, fromNewAddress()).status())
			.as("another user's budget is untouched")
			.isEqualTo(200);
	}

	@Test
	void eachTokenHasItsOwnSmallerBudget() {
		Api.TestUser user = api().newUser("token-limited");
		int allowed = 0;
		Api.Response refused = null;
		for (int i = 0; i < 15; i++) {
			Api.Response response = (i % 2 == 0 ? nodeA : nodeB).call("GET", "/api/v1/me", user.token(), null,
					fromNewAddress());
			allowed += response.status() == 200 ? 1 : 0;
			refused = response.status() == 429 && refused == null ? response : refused;
		}
		assertThat(allowed).isEqualTo(12);
		assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"token\";q=12;w=3600");
		String secondSession = api().login(user.email(), Api.STRONG_PASSWORD);
		assertThat(nodeA.call("GET", "/api/v1/me", secondSession, null, fromNewAddress()).status())
			.as("the user's other session still has budget")
			.isEqualTo(200);
	}

	@Test
	void anAddressBudgetHoldsAcrossBothNodesSignedInOrNot() {
		Map<String, String> oneAddress = Map.of("X-Forwarded-For", "192.0.2.99");
		int allowed = 0;
		for (int i = 0; i < 30; i++) {
			Api node = i % 2 == 0 ? nodeA : nodeB;
			int status = node.call("GET", "/api/v1/health", null, null, oneAddress).status();
			assertThat(status).isIn(200, 429);
			allowed += status == 200 ? 1 : 0;
		}
		assertThat(allowed).isEqualTo(15);
		Api.Response signIn = nodeA.call("POST", "/api/v1/auth/login", null,
				Map.of("email", "x@example.test", "password", "whatever-password"), oneAddress);
		assertThat(signIn.status()).as("refused before any sign-in work").isEqualTo(429);
		assertThat(nodeA.call("GET", "/api/v1/health", null, null, fromNewAddress()).status()).isEqualTo(200);
	}

	@Test
	void graphQlOperationsDrawOnACostBudget() {
		Api.TestUser user = api().newUser("graphql-cost");
		String query = "{ viewer { organizations { id name } } }";
		int allowed = 0;
		Api.Response refused = null;
		for (int i = 0; i < 10 && refused == null; i++) {
			Api node = i % 2 == 0 ? nodeA : nodeB;
			Api.Response response = node.call("POST", "/graphql", user.token(), Map.of("query", query),
					fromNewAddress());
			if (response.status() == 200) {
				assertThat(response.json().path("errors").isMissingNode()).as(response.body()).isTrue();
				allowed++;
			}
			else {
				refused = response;
			}
		}
		// The query costs 1 (viewer) + 1 + 10 x 2 (an unpaged list of two fields) = 22:
		// two fit in 60.
		assertThat(allowed).isEqualTo(2);
		assertThat(refused).isNotNull();
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.text("type")).isEqualTo("urn:rampart:problem:rate-limited");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"graphql\";q=60;w=3600");
		assertThat(nodeA.call("GET", "/api/v1/me", user.token(), null, fromNewAddress()).status())
			.as("REST requests have their own budget")
			.isEqualTo(200);
	}

	@Test
	void expensiveRoutesHaveTheirOwnSmallerBudget() {
		Api.TestUser user = api().newUser("expensive");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Api node = i % 2 == 0 ? nodeA : nodeB;
			statuses.add(node.call("GET", "/api/v1/tasks?assignee=me", user.token(), null, fromNewAddress()).status());
		}
		assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
		Api.Response refused = nodeA.call("GET", "/api/v1/tasks?assignee=me", user.token(), null, fromNewAddress());
		assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"expensive\";q=3;w=3600");
		assertThat(nodeB.call("GET", "/api/v1/me", user.token(), null, fromNewAddress()).status()).isEqualTo(200);
	}

}
