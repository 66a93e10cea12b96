package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.Connection;
import dev.rampart.graphql.Nodes.OrganizationNode;
import dev.rampart.hooks.Webhook;
import dev.rampart.hooks.WebhookDelivery;
import dev.rampart.hooks.WebhookEvent;
import dev.rampart.hooks.WebhookSecret;
import dev.rampart.hooks.Webhooks;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.work.PageRequest;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/** Webhooks and their delivery logs: the same service and decisions as REST's. */
@Controller
class WebhookFields {

	private final Webhooks webhooks;

	WebhookFields(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	record WebhookNode(String id, String organizationId, @Nullable String projectId, String url, List<String> events,
			boolean enabled, @Nullable String disabledReason, @Nullable String failingSince, String createdBy,
			String createdAt, String updatedAt, @Nullable String previousSecretValidUntil) {
		static WebhookNode of(Webhook w) {
			return new WebhookNode(w.id().toString(), w.org().value().toString(),
					w.project().map(p -> p.value().toString()).orElse(null), w.url(),
					w.events().stream().map(WebhookEvent::wireName).toList(), w.enabled(),
					w.disabledReason().orElse(null), w.failingSince().map(Object::toString).orElse(null),
					w.createdBy().value().toString(), w.createdAt().toString(), w.updatedAt().toString(),
					w.previousSecretUntil().map(Object::toString).orElse(null));
		}
	}

	record WebhookWithSecretNode(WebhookNode webhook, String secret) {
		static WebhookWithSecretNode of(WebhookSecret s) {
			return new WebhookWithSecretNode(WebhookNode.of(s.webhook()), s.secret());
		}

		@Override
		public String toString() {
			return "WebhookWithSecretNode[" + webhook.id() + "]";
		}
	}

	record WebhookDeliveryNode(String id, String messageId, String eventType, @Nullable String taskId, String state,
			int attempts, String createdAt, @Nullable String lastAttemptAt, @Nullable String nextAttemptAt,
			@Nullable String deliveredAt, @Nullable Integer lastStatus, @Nullable String lastError,
			@Nullable Integer lastDurationMillis) {
		static WebhookDeliveryNode of(WebhookDelivery d) {
			return new WebhookDeliveryNode(d.id().toString(), "msg_" + d.id(), d.eventType(),
					d.task().map(Object::toString).orElse(null), d.state(), d.attempts(), d.createdAt().toString(),
					d.lastAttemptAt().map(Object::toString).orElse(null),
					d.nextAttemptAt().map(Object::toString).orElse(null),
					d.deliveredAt().map(Object::toString).orElse(null), d.lastStatus().orElse(null),
					d.lastError().orElse(null), d.lastDurationMillis().orElse(null));
		}
	}

	@SchemaMapping(typeName = "Organization")
	List<WebhookNode> webhooks(OrganizationNode organization, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable String projectId) {
		return webhooks.list(actor, new OrgId(Inputs.uuid("id", organization.id())), project(projectId))
			.stream()
			.map(WebhookNode::of)
			.toList();
	}

	@SchemaMapping(typeName = "Webhook")
	Connection<WebhookDeliveryNode> deliveries(WebhookNode webhook, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		return Connection.of(
				webhooks.deliveries(actor, new OrgId(Inputs.uuid("organizationId", webhook.organizationId())),
						Inputs.uuid("id", webhook.id()), PageRequest.connection(first, after)),
				WebhookDeliveryNode::of, after);
	}

	@Audited("webhook.create")
	@MutationMapping
	WebhookWithSecretNode createWebhook(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String url, @Argument List<String> events, @Argument @Nullable String projectId) {
		return WebhookWithSecretNode.of(webhooks.create(actor,
				GraphQlController.orgId("organizationId", organizationId), project(projectId), url, events));
	}

	@Audited("webhook.update")
	@MutationMapping
	WebhookNode updateWebhook(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String id, @Argument @Nullable String url, @Argument @Nullable List<String> events,
			@Argument @Nullable Boolean enabled) {
		return WebhookNode.of(webhooks.update(actor, GraphQlController.orgId("organizationId", organizationId),
				Inputs.uuid("id", id), url, events, enabled));
	}

	@Audited("webhook.rotate_secret")
	@MutationMapping
	WebhookWithSecretNode rotateWebhookSecret(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String id) {
		return WebhookWithSecretNode.of(webhooks.rotateSecret(actor,
				GraphQlController.orgId("organizationId", organizationId), Inputs.uuid("id", id)));
	}

	@Audited("webhook.test")
	@MutationMapping
	WebhookDeliveryNode testWebhook(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String id) {
		return WebhookDeliveryNode.of(webhooks.sendTest(actor,
				GraphQlController.orgId("organizationId", organizationId), Inputs.uuid("id", id)));
	}

	@Audited("webhook.delete")
	@MutationMapping
	boolean deleteWebhook(@AuthenticationPrincipal Actor actor, @Argument String organizationId, @Argument String id) {
		webhooks.delete(actor, GraphQlController.orgId("organizationId", organizationId), Inputs.uuid("id", id));
		return true;
	}

	private static Optional<ProjectId> project(@Nullable String projectId) {
		return projectId == null ? Optional.empty() : Optional.of(new ProjectId(Inputs.uuid("projectId", projectId)));
	}

}
