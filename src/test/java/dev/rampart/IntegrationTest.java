package dev.rampart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole application on real HTTPS with the embedded
 * PostgreSQL in a fresh data directory. Every subclass shares one context (same
 * properties).
 */
@SpringBootTest(classes = RampartApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class IntegrationTest {

	protected static final Path HOME = tempHome();

	protected static final int HTTPS_PORT = freePort();

	protected static final int HTTP_PORT = freePort();

	/** Actuator's port (loopback, plain HTTP): health with details. */
	protected static final int MANAGEMENT_PORT = freePort();

	/** Every test's mail goes to this real SMTP server (SMTPS on loopback). */
	protected static final MailServer MAIL = MailServer.create(freePort(), HOME.resolve("test-smtp"));

	/**
	 * Every test's webhooks go to this real HTTPS receiver on 127.0.0.5, the one address
	 * the tests allow-list (any other loopback address is refused as not public).
	 */
	protected static final WebhookReceiver RECEIVER = WebhookReceiver.create(freePort(), HOME.resolve("receiver"));

	/** The embedded BI database's port. */
	protected static final int BI_PORT = freePort();

	private static Api api;

	static {
		// Read by the TLS set-up before the test context's own property sources exist.
		System.setProperty("rampart.home", HOME.toString());
		// Also read before the context (turned into Tomcat's pattern): the test client on
		// 127.0.0.1 plays the trusted reverse proxy; other loopback addresses (127.0.0.2,
		// ...) are untrusted.
		System.setProperty("rampart.web.trusted-proxies", "127.0.0.1, ::1");
	}

	@DynamicPropertySource
	static void rampartProperties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> HTTPS_PORT);
		registry.add("rampart.web.http-port", () -> HTTP_PORT);
		registry.add("management.server.port", () -> MANAGEMENT_PORT);
		// The suite runs thousands of requests a minute from one address and user; the
		// limits themselves are proven by RateLimitIntegrationTests on nodes of their
		// own.
		registry.add("rampart.rate-limit.per-address", () -> 10_000_000);
		registry.add("rampart.rate-limit.per-user", () -> 10_000_000);
		registry.add("rampart.rate-limit.per-token", () -> 10_000_000);
		registry.add("rampart.rate-limit.graphql-cost-per-user", () -> 100_000_000);
		// Rotated keysets reach every node within this time; short, so retirement can be
		// tested.
		registry.add("rampart.keys.cache-time", () -> "2s");
		// The re-encryption job runs when a test calls it, never on its own in between.
		registry.add("rampart.keys.reencryption-interval", () -> "1h");
		registry.add("rampart.mail.smtp.host", () -> "localhost");
		registry.add("rampart.mail.smtp.port", MAIL::port);
		registry.add("rampart.mail.smtp.tls", () -> "implicit");
		registry.add("rampart.mail.smtp.trust-store", () -> MAIL.trustStore().toString());
		registry.add("rampart.mail.public-url", () -> "https://localhost:" + HTTPS_PORT);
		registry.add("rampart.mail.send-interval", () -> "250ms");
		registry.add("rampart.mail.retry-base", () -> "1s");
		registry.add("rampart.mail.retry-max", () -> "2s");
		// Notification mail and due-date reminders run when a test calls them.
		registry.add("rampart.notifications.mail-interval", () -> "1h");
		registry.add("rampart.notifications.due-check-interval", () -> "6h");
		registry.add("rampart.webhooks.allowed-networks", () -> WebhookReceiver.ADDRESS + "/32");
		registry.add("rampart.webhooks.trust-store", () -> RECEIVER.trustStore().toString());
		registry.add("rampart.webhooks.send-interval", () -> "200ms");
		registry.add("rampart.webhooks.retry-schedule", () -> "1s,1s,1s");
		registry.add("rampart.webhooks.connect-timeout", () -> "2s");
		registry.add("rampart.webhooks.response-timeout", () -> "3s");
		// The customers' BI database (started by the first test that turns BI access on),
		// on a
		// port of its own; a rotated-out password works for a few seconds only, so the
		// test can
		// see it stop.
		registry.add("rampart.bi.port", () -> BI_PORT);
		registry.add("rampart.bi.project-interval", () -> "100ms");
		registry.add("rampart.bi.upkeep-interval", () -> "500ms");
		registry.add("rampart.bi.rotation-overlap", () -> "4s");
		// Test classes share users for minutes; step-up expiry is proven by moving a
		// session's proof back.
		registry.add("rampart.identity.step-up-window", () -> "1h");
		// Most tests add members directly; AccountLifecycleIntegrationTests proves the
		// rule on a node with it on.
		registry.add("rampart.identity.verified-email-to-join", () -> "false");
	}

	/** The test webhook receiver, for helpers outside the test classes. */
	public static WebhookReceiver receiver() {
		return RECEIVER;
	}

	protected static synchronized Api api() {
		if (api == null) {
			api = new Api("https://localhost:" + HTTPS_PORT, HOME.resolve("tls/certificate.pem"));
		}
		return api;
	}

	private static Path tempHome() {
		try {
			return Files.createTempDirectory("rampart-test-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
