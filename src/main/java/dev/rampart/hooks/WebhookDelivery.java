package dev.rampart.hooks;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One event for one webhook, as its delivery log shows it: never its payload.
 *
 * @param id the {@code webhook-id} header, the same on every attempt
 * @param state pending, delivered, failed (given up), withheld (the webhook's creator can
 * no longer see the task), cancelled (the webhook was turned off)
 * @param lastStatus the receiver's HTTP status on the last attempt
 * @param lastError what went wrong on the last attempt, in Rampart's words
 */
public record WebhookDelivery(UUID id, String eventType, Optional<UUID> task, String state, int attempts,
		Instant createdAt, Optional<Instant> lastAttemptAt, Optional<Instant> nextAttemptAt,
		Optional<Instant> deliveredAt, Optional<Integer> lastStatus, Optional<String> lastError,
		Optional<Integer> lastDurationMillis) {
}
