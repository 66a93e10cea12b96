package dev.rampart.restapi;

import dev.rampart.hooks.Webhook;
import dev.rampart.hooks.WebhookDelivery;
import dev.rampart.hooks.WebhookEvent;
import dev.rampart.hooks.WebhookSecret;
import dev.rampart.hooks.Webhooks;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.work.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An organization's and its projects' webhooks and their delivery logs. */
@Tag(name = "Webhooks",
		description = "Events sent to your receivers, signed by the Standard Webhooks specification (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256).")
@RestController
@RequestMapping("/api/v1")
class WebhookController {

	record WebhookView(UUID id, UUID orgId, @Nullable UUID projectId, String url, List<String> events, boolean enabled,
			@Nullable String disabledReason, @Nullable Instant failingSince, UUID createdBy, Instant createdAt,
			Instant updatedAt, @Nullable Instant previousSecretValidUntil, int version) {
		static WebhookView of(Webhook w) {
			return new WebhookView(w.id(), w.org().value(), w.project().map(ProjectId::value).orElse(null), w.url(),
					w.events().stream().map(WebhookEvent::wireName).toList(), w.enabled(),
					w.disabledReason().orElse(null), w.failingSince().orElse(null), w.createdBy().value(),
					w.createdAt(), w.updatedAt(), w.previousSecretUntil().orElse(null), w.version());
		}
	}

	/** The secret appears here once (on creation and rotation), never again. */
	record WebhookWithSecretView(@com.fasterxml.jackson.annotation.JsonUnwrapped WebhookView webhook, String secret) {
		static WebhookWithSecretView of(WebhookSecret s) {
			return new WebhookWithSecretView(WebhookView.of(s.webhook()), s.secret());
		}

		@Override
		public String toString() {
			return "WebhookWithSecretView[" + webhook.id() + "]";
		}
	}

	record DeliveryView(UUID id, String messageId, String eventType, @Nullable UUID taskId, @Schema(allowableValues = {
			"pending", "delivered", "failed", "withheld", "cancelled" }) String state, int attempts, Instant createdAt,
			@Nullable Instant lastAttemptAt, @Nullable Instant nextAttemptAt, @Nullable Instant deliveredAt,
			@Nullable Integer lastStatus, @Nullable String lastError, @Nullable Integer lastDurationMillis){
		static DeliveryView of(WebhookDelivery d) {
			return new DeliveryView(d.id(), "msg_" + d.id(), d.eventType(), d.task().orElse(null), d.state(),
					d.attempts(), d.createdAt(), d.lastAttemptAt().orElse(null), d.nextAttemptAt().orElse(null),
					d.deliveredAt().orElse(null), d.lastStatus().orElse(null), d.lastError().orElse(null),
					d.lastDurationMillis().orElse(null));
		}
	}

	record NewWebhookRequest(@NotBlank @Size(max = Webhooks.URL_MAX) @Nullable String url,
			@Schema(description = "task.created, task.updated, task.deleted, comment.created") @NotNull @Size(min = 1,
					max = 10) @Nullable List<String> events,
			@Schema(description = "only this project's events; none: every project") @Nullable UUID projectId) {
	}

	/** What is left out stays. */
	record WebhookPatch(@Size(min = 1, max = Webhooks.URL_MAX) @Nullable String url,
			@Size(min = 1, max = 10) @Nullable List<String> events, @Nullable Boolean enabled) {
	}

	private final Webhooks webhooks;

	WebhookController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	@Operation(operationId = "listWebhooks", summary = "List an organization's webhooks",
			description = "Every one for its owners and admins; with projectId, that project's, for whoever may update the project.")
	@GetMapping("/orgs/{orgId}/webhooks")
	ListView<WebhookView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@RequestParam Optional<UUID> projectId) {
		return Views.list(webhooks.list(actor, new OrgId(orgId), projectId.map(ProjectId::new)), WebhookView::of);
	}

	@Audited("webhook.create")
	@Operation(operationId = "createWebhook", summary = "Add a webhook",
			description = "The URL must be https and resolve to public addresses. Needs a recent sign-in or step-up. "
					+ "The answer holds the signing secret: it is shown this once.")
	@PostMapping("/orgs/{orgId}/webhooks")
	ResponseEntity<WebhookWithSecretView> create(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody NewWebhookRequest request) {
		WebhookSecret made = webhooks.create(actor, new OrgId(orgId),
				Optional.ofNullable(request.projectId()).map(ProjectId::new), Inputs.required("url", request.url()),
				Inputs.required("events", request.events()));
		return Views.created(WebhookWithSecretView.of(made), "/api/v1/orgs/{orgId}/webhooks/{webhookId}", orgId,
				made.webhook().id());
	}

	@Operation(operationId = "getWebhook", summary = "Get a webhook (never its secret)")
	@GetMapping("/orgs/{orgId}/webhooks/{webhookId}")
	WebhookView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId, @PathVariable UUID webhookId) {
		return WebhookView.of(webhooks.get(actor, new OrgId(orgId), webhookId));
	}

	@Audited("webhook.update")
	@Operation(operationId = "updateWebhook", summary = "Change a webhook's URL or events, or turn it on or off",
			description = "A new URL needs a recent sign-in or step-up. Turning it on clears its failures; turning it off cancels what waits.")
	@PatchMapping("/orgs/{orgId}/webhooks/{webhookId}")
	WebhookView update(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId, @PathVariable UUID webhookId,
			@Valid @RequestBody WebhookPatch request) {
		return WebhookView.of(webhooks.update(actor, new OrgId(orgId), webhookId, request.url(), request.events(),
				request.enabled()));
	}

	@Audited("webhook.rotate_secret")
	@Operation(operationId = "rotateWebhookSecret", summary = "Give a webhook a new signing secret",
			description = "Shown once. The old secret keeps signing too (a second signature) until previousSecretValidUntil.")
	@PostMapping("/orgs/{orgId}/webhooks/{webhookId}/rotate-secret")
	WebhookWithSecretView rotate(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID webhookId) {
		return WebhookWithSecretView.of(webhooks.rotateSecret(actor, new OrgId(orgId), webhookId));
	}

	@Audited("webhook.test")
	@Operation(operationId = "testWebhook", summary = "Send a webhook.test event now",
			description = "Also to a webhook that is off: how to check a receiver is back.")
	@PostMapping("/orgs/{orgId}/webhooks/{webhookId}/test")
	ResponseEntity<DeliveryView> test(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID webhookId) {
		return ResponseEntity.accepted().body(DeliveryView.of(webhooks.sendTest(actor, new OrgId(orgId), webhookId)));
	}

	@Audited("webhook.delete")
	@Operation(operationId = "deleteWebhook", summary = "Delete a webhook and its delivery log")
	@DeleteMapping("/orgs/{orgId}/webhooks/{webhookId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID webhookId) {
		webhooks.delete(actor, new OrgId(orgId), webhookId);
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listWebhookDeliveries", summary = "A webhook's delivery log",
			description = "Newest first: each event's state, attempts, the receiver's last status and what went wrong. Never the body.")
	@GetMapping("/orgs/{orgId}/webhooks/{webhookId}/deliveries")
	ListView<DeliveryView> deliveries(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable UUID webhookId, @RequestParam Optional<Integer> limit,
			@RequestParam Optional<String> cursor) {
		return ListView.of(webhooks.deliveries(actor, new OrgId(orgId), webhookId,
				PageRequest.of(limit.orElse(null), cursor.orElse(null))), DeliveryView::of);
	}

}
