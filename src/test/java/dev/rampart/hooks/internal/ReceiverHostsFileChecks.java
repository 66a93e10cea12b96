package dev.rampart.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.WebhookReceiver;
import dev.rampart.hooks.WebhookSettings;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Names that resolve to addresses Rampart must not reach, through the JDK's real resolver
 * reading {@code src/test/resources/hosts-for-ssrf-checks} (this class runs in a JVM of
 * its own with {@code jdk.net.hosts.file}): refused when the URL is checked and when a
 * delivery connects, with nothing sent. Also: the receiver's certificate must name the
 * host the URL names.
 */
class ReceiverHostsFileChecks {

	private static final List<String> ALLOWED = List.of(WebhookReceiver.ADDRESS + "/32");

	@Test
	void theHostsFileIsInUse() throws Exception {
		assertThat(InetAddress.getByName("private.rampart.test").getHostAddress()).isEqualTo("10.20.30.40");
	}

	@Test
	void namesResolvingToPrivateOrMetadataAddressesAreRefused() {
		ReceiverAddresses addresses = new ReceiverAddresses(ALLOWED);
		assertThatThrownBy(() -> addresses.resolve("private.rampart.test"))
			.isInstanceOf(ReceiverAddresses.Refused.class)
			.hasMessage("private.rampart.test resolves to 10.20.30.40, which is not a public address (private)");
		assertThatThrownBy(() -> addresses.resolve("metadata.rampart.test")).hasMessageContaining("169.254.169.254")
			.hasMessageContaining("cloud metadata");
		assertThatThrownBy(() -> addresses.resolve("ula.rampart.test")).hasMessageContaining("unique local");
		assertThatThrownBy(() -> addresses.resolve("mapped.rampart.test")).hasMessageContaining("private");
		// One private address among public ones is enough to refuse the name.
		assertThatThrownBy(() -> addresses.resolve("mixed.rampart.test")).hasMessageContaining("192.168.7.7");
		assertThatThrownBy(() -> addresses.resolve("localhost")).hasMessageContaining("loopback");
	}

	@Test
	void aDeliveryToSuchANameNeverConnects() throws Exception {
		Path directory = Files.createTempDirectory("receiver");
		WebhookReceiver receiver = WebhookReceiver.create(freePort(), directory);
		try (ReceiverClient client = new ReceiverClient(settings(receiver))) {
			ReceiverClient.Outcome refused = client.post(URI.create("https://private.rampart.test/hook"),
					"{}".getBytes(StandardCharsets.UTF_8), Map.of());
			assertThat(refused.status()).isNull();
			assertThat(refused.error()).startsWith("refused: private.rampart.test resolves to 10.20.30.40");

			// The allow-listed receiver by address: delivered.
			String url = receiver.url("/direct");
			assertThat(client.post(URI.create(url), "{}".getBytes(StandardCharsets.UTF_8), Map.of()).delivered())
				.isTrue();
			// The same receiver by a name its certificate does not hold: TLS refuses.
			ReceiverClient.Outcome misnamed = client.post(
					URI.create(url.replace(WebhookReceiver.ADDRESS, "receiver.rampart.test")),
					"{}".getBytes(StandardCharsets.UTF_8), Map.of());
			assertThat(misnamed.delivered()).isFalse();
			assertThat(misnamed.error()).startsWith("TLS failed");
			assertThat(receiver.requests()).hasSize(1);
		}
		finally {
			receiver.stop();
		}
	}

	private static WebhookSettings settings(WebhookReceiver receiver) {
		return new WebhookSettings(Duration.ofSeconds(1), 10, 2, Duration.ofSeconds(2), Duration.ofSeconds(3),
				List.of(Duration.ofSeconds(1)), Duration.ofHours(24), Duration.ofHours(24), ALLOWED,
				receiver.trustStore().toString(), 3, 25, Duration.ofDays(30), Duration.ofMinutes(2));
	}

	private static int freePort() throws java.io.IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
