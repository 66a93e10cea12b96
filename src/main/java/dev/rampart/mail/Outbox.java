package dev.rampart.mail;

import static dev.rampart.db.schema.Tables.MAIL_OUTBOX;

import dev.rampart.keys.FieldCipher;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts messages into the outbox, in the caller's transaction: the message exists exactly
 * when the change that caused it commits. The payload (recipient, template values, any
 * link token) is sealed with the platform key, bound to the outbox row. Control C29
 * (docs/controls.md).
 */
@Service
public class Outbox {

	static final FieldCipher.Column PAYLOAD = new FieldCipher.Column("mail_outbox", "payload");

	private final FieldCipher cipher;

	private final JsonMapper json;

	private final Clock clock;

	Outbox(FieldCipher cipher, JsonMapper json, Clock clock) {
		this.cipher = cipher;
		this.json = json;
		this.clock = clock;
	}

	/** Queues the message in {@code sql}'s transaction; its id is also its Message-ID. */
	public UUID enqueue(DSLContext sql, String kind, MailMessage message) {
		UUID id = UUID.randomUUID();
		Instant now = clock.instant();
		sql.insertInto(MAIL_OUTBOX)
			.set(MAIL_OUTBOX.ID, id)
			.set(MAIL_OUTBOX.KIND, kind)
			.set(MAIL_OUTBOX.PAYLOAD, cipher.seal(null, PAYLOAD, id, json.writeValueAsString(message)))
			.set(MAIL_OUTBOX.CREATED_AT, now)
			.set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, now)
			.set(MAIL_OUTBOX.ATTEMPTS, 0)
			.execute();
		return id;
	}

	MailMessage open(UUID id, byte[] payload) {
		return json.readValue(cipher.open(null, PAYLOAD, id, payload), MailMessage.class);
	}

}
