package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.mail.MailMessage;
import dev.rampart.mail.Outbox;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Security alerts by email (new-device sign-in, password changed, second factors changed,
 * API token created), queued in the transaction of the change they report.
 */
@Component
class SecurityAlerts {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final Outbox outbox;

	private final UserFields fields;

	private final Clock clock;

	SecurityAlerts(Outbox outbox, UserFields fields, Clock clock) {
		this.outbox = outbox;
		this.fields = fields;
		this.clock = clock;
	}

	/** {@code sql}'s context must see the user (their own transaction). */
	void send(DSLContext sql, UserId user, String event, @Nullable String device, @Nullable String address) {
		var account = sql.select(USERS.EMAIL, USERS.DISPLAY_NAME)
			.from(USERS)
			.where(USERS.ID.eq(user.value()))
			.fetchSingle();
		outbox.enqueue(sql, "security-alert",
				new MailMessage(fields.email(user.value(), account.value1()), "security-alert",
						"Rampart security alert: " + event,
						Map.of("name", fields.displayName(user.value(), account.value2()), "event", event, "when",
								WHEN.format(clock.instant()), "device", device == null ? "" : device, "address",
								address == null ? "" : address)));
	}

}
