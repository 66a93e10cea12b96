package dev.rampart.hooks.internal;

import dev.rampart.keys.FieldCipher;
import dev.rampart.mail.MailSettings;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import dev.rampart.work.TaskHeadlines;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bodies webhooks send, sealed until sent. A task's body holds what its fields' every
 * reader sees (key, title, status, assignee, due date), never its description or a
 * comment's text; a receiver that needs more asks the API with a credential of its own.
 */
@Component
public class WebhookPayloads {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FieldCipher cipher;

	private final String publicUrl;

	private final WebhookSender sender;

	WebhookPayloads(FieldCipher cipher, MailSettings mail, @Lazy WebhookSender sender) {
		this.cipher = cipher;
		this.publicUrl = mail.publicUrl();
		this.sender = sender;
	}

	/** The body of {@code type} about a task, as seen by a reader of it. */
	byte[] task(String type, TaskHeadlines.Headline task, UserId actor, Instant at, Collection<String> changed,
			@Nullable UUID comment) {
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("id", task.id().value());
		shown.put("key", task.key().orElse(null));
		shown.put("title", task.title());
		shown.put("status", task.status());
		shown.put("statusName", task.statusName());
		shown.put("done", task.done());
		shown.put("assignee", task.assignee().map(UserId::value).orElse(null));
		shown.put("dueDate", task.dueDate().map(Object::toString).orElse(null));
		shown.put("url", publicUrl + "/tasks/" + task.id().value());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("organization", Map.of("id", task.org().value()));
		data.put("project", Map.of("id", task.project().value()));
		data.put("task", shown);
		if (!changed.isEmpty()) {
			data.put("changed", changed.stream().sorted().toList());
		}
		if (comment != null) {
			data.put("comment", Map.of("id", comment));
		}
		data.put("actor", Map.of("id", actor.value()));
		return body(type, at, data);
	}

	/** The body of an admin's test. */
	public byte[] test(UUID delivery, UUID webhook, UserId actor, Instant at) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("webhook", Map.of("id", webhook));
		data.put("delivery", Map.of("id", delivery));
		data.put("actor", Map.of("id", actor.value()));
		return body(dev.rampart.hooks.WebhookEvent.TEST, at, data);
	}

	private static byte[] body(String type, Instant at, Map<String, Object> data) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("timestamp", at.toString());
		body.put("data", data);
		return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Sealed with the organization's key, bound to the delivery (the column holds text:
	 * the body in base64).
	 */
	public byte[] seal(OrgId org, UUID delivery, byte[] body) {
		return cipher.seal(org, HooksSealedTables.PAYLOAD, delivery, Base64.getEncoder().encodeToString(body));
	}

	byte[] open(OrgId org, UUID delivery, byte[] sealed) {
		return Base64.getDecoder().decode(cipher.open(org, HooksSealedTables.PAYLOAD, delivery, sealed));
	}

	/** Once the calling transaction commits, the sender looks for what is due at once. */
	public void wakeSenderAfterCommit() {
		dev.rampart.db.Database.afterCommit(sender::wake);
	}

}
