package dev.rampart.hooks;

import java.time.Instant;
import java.util.Optional;

/**
 * A webhook's signing secret ({@code whsec_} and base64), shown once: when the webhook is
 * made and when the secret is rotated.
 *
 * @param previousValidUntil after a rotation, until when the old secret still signs
 */
public record WebhookSecret(Webhook webhook, String secret, Optional<Instant> previousValidUntil) {

	@Override
	public String toString() {
		return "WebhookSecret[" + webhook.id() + ", secret=(hidden)]";
	}

}
