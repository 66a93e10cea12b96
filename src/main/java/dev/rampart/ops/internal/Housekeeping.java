package dev.rampart.ops.internal;

import static dev.rampart.db.schema.Tables.MAIL_OUTBOX;
import static dev.rampart.db.schema.Tables.ONE_TIME_TOKENS;
import static dev.rampart.db.schema.Tables.WEBAUTHN_CEREMONIES;

import dev.rampart.db.OwnerDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Removes what has served its purpose, hourly: passkey ceremonies past their expiry
 * (anyone can start one, so they must not pile up), single-use tokens a day after they
 * expired, outbox rows a month after they were sent or given up (their payload is already
 * cleared), and idempotency keys after their retention (24 h). Deleting is idempotent, so
 * every node may run it.
 */
@Component
@EnableConfigurationProperties(HousekeepingSettings.class)
public class Housekeeping implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

	static final Duration TOKENS_KEPT = Duration.ofDays(1);

	static final Duration MAIL_KEPT = Duration.ofDays(30);

	private final OwnerDatabase owner;

	private final Clock clock;

	private final HousekeepingSettings settings;

	private final dev.rampart.idempotency.IdempotencySettings idempotency;

	Housekeeping(OwnerDatabase owner, Clock clock, HousekeepingSettings settings,
			dev.rampart.idempotency.IdempotencySettings idempotency) {
		this.owner = owner;
		this.idempotency = idempotency;
		this.clock = clock;
		this.settings = settings;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::run, settings.interval(), settings.interval()));
	}

	/** One pass; the number of rows removed. */
	public int run() {
		Instant now = clock.instant();
		int removed = owner.transaction(sql -> sql.deleteFrom(WEBAUTHN_CEREMONIES)
			.where(WEBAUTHN_CEREMONIES.EXPIRES_AT.lt(now))
			.execute()
				+ sql.deleteFrom(ONE_TIME_TOKENS).where(ONE_TIME_TOKENS.EXPIRES_AT.lt(now.minus(TOKENS_KEPT))).execute()
				+ sql.deleteFrom(MAIL_OUTBOX)
					.where(MAIL_OUTBOX.SENT_AT.lt(now.minus(MAIL_KEPT))
						.or(MAIL_OUTBOX.FAILED_AT.lt(now.minus(MAIL_KEPT))))
					.execute()
				+ sql.deleteFrom(dev.rampart.db.schema.Tables.IDEMPOTENCY_KEYS)
					.where(dev.rampart.db.schema.Tables.IDEMPOTENCY_KEYS.CREATED_AT
						.lt(now.minus(idempotency.retention())))
					.execute());
		if (removed > 0) {
			log.info("Housekeeping removed {} expired ceremonies, tokens, sent mails and idempotency keys", removed);
		}
		return removed;
	}

}
