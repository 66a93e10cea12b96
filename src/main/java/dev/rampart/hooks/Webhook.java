package dev.rampart.hooks;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A subscription, as its managers see it (never its secret).
 *
 * @param project the one project it is about; empty: the whole organization
 * @param disabledReason why Rampart turned it off ("failing": a day of failed
 * deliveries); empty when on, or turned off by a person
 * @param failingSince the first failure since the last successful delivery
 * @param previousSecretUntil while set, the rotated-out secret still signs too
 */
public record Webhook(UUID id, OrgId org, Optional<ProjectId> project, String url, List<WebhookEvent> events,
		boolean enabled, Optional<String> disabledReason, Optional<Instant> failingSince, UserId createdBy,
		Instant createdAt, Instant updatedAt, Optional<Instant> previousSecretUntil, int version) {
}
