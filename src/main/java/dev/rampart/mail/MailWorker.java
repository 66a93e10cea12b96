package dev.rampart.mail;

import static dev.rampart.db.schema.Tables.MAIL_OUTBOX;

import dev.rampart.db.OwnerDatabase;
import dev.rampart.db.schema.tables.records.MailOutboxRecord;
import dev.rampart.shared.RampartHome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox. Each pass claims a batch (a lease, committed before anything is sent,
 * so no other node or pass sends the same message while it is out), sends each message,
 * and records the result: sent (payload cleared), or a retry after an exponential
 * back-off, or given up after {@code max-attempts} (logged; the payload is cleared too).
 * A crash between sending and recording makes the lease run out and the message go again,
 * with the same Message-ID.
 */
@Component
@EnableConfigurationProperties(MailSettings.class)
class MailWorker implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(MailWorker.class);

	private final OwnerDatabase owner;

	private final Outbox outbox;

	private final MailTemplates templates;

	private final MailSettings settings;

	private final Clock clock;

	private final MailTransport transport;

	private final AtomicLong waiting = new AtomicLong();

	MailWorker(OwnerDatabase owner, Outbox outbox, MailTemplates templates, MailSettings settings, Clock clock,
			RampartHome home, MeterRegistry meters) {
		this.owner = owner;
		this.outbox = outbox;
		this.templates = templates;
		this.settings = settings;
		this.clock = clock;
		this.transport = settings.smtp().configured() ? new SmtpTransport(settings.smtp())
				: new FileTransport(settings.directory() != null ? settings.directory() : home.directory("mail"));
		if (transport instanceof FileTransport) {
			log.warn("Mail goes to {}, not to an SMTP server: the files hold display names, organization names and"
					+ " sign-in links in the clear (sealed in the database), are readable by this account only and are"
					+ " removed after {} (rampart.mail.file-retention). Set RAMPART_SMTP_HOST to send mail instead.",
					transport.describe(), settings.fileRetention());
		}
		else {
			log.info("Mail goes to {}", transport.describe());
		}
		Gauge.builder("rampart.mail.outbox.waiting", waiting, AtomicLong::get)
			.description("messages in the outbox not yet sent")
			.register(meters);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::sendDue, settings.sendInterval(), settings.sendInterval()));
		tasks.addFixedDelayTask(
				new FixedDelayTask(this::pruneFiles, settings.pruneInterval(), settings.pruneInterval()));
	}

	/** Mail files past their retention go. */
	void pruneFiles() {
		int removed = transport.prune(settings.fileRetention());
		if (removed > 0) {
			log.info("Removed {} mail files older than {}", removed, settings.fileRetention());
		}
	}

	/** One pass: the number of messages sent. */
	public int sendDue() {
		int sent = 0;
		while (true) {
			List<MailOutboxRecord> batch = claim();
			for (MailOutboxRecord row : batch) {
				sent += deliver(row) ? 1 : 0;
			}
			if (batch.size() < settings.batchSize()) {
				break;
			}
		}
		waiting.set(waiting());
		return sent;
	}

	/** Messages not yet sent nor given up. */
	public long waiting() {
		return owner.transaction(sql -> (long) sql.fetchCount(MAIL_OUTBOX,
				MAIL_OUTBOX.SENT_AT.isNull().and(MAIL_OUTBOX.FAILED_AT.isNull())));
	}

	private List<MailOutboxRecord> claim() {
		Instant now = clock.instant();
		return owner.transaction(sql -> {
			List<UUID> ids = sql.select(MAIL_OUTBOX.ID)
				.from(MAIL_OUTBOX)
				.where(MAIL_OUTBOX.SENT_AT.isNull())
				.and(MAIL_OUTBOX.FAILED_AT.isNull())
				.and(MAIL_OUTBOX.NEXT_ATTEMPT_AT.le(now))
				.and(MAIL_OUTBOX.CLAIMED_UNTIL.isNull().or(MAIL_OUTBOX.CLAIMED_UNTIL.lt(now)))
				.orderBy(MAIL_OUTBOX.NEXT_ATTEMPT_AT)
				.limit(settings.batchSize())
				.forUpdate()
				.skipLocked()
				.fetch(MAIL_OUTBOX.ID);
			if (ids.isEmpty()) {
				return List.<MailOutboxRecord>of();
			}
			return sql.update(MAIL_OUTBOX)
				.set(MAIL_OUTBOX.CLAIMED_UNTIL, now.plus(settings.lease()))
				.set(MAIL_OUTBOX.ATTEMPTS, MAIL_OUTBOX.ATTEMPTS.plus(1))
				.where(MAIL_OUTBOX.ID.in(ids))
				.returning()
				.fetch();
		});
	}

	private boolean deliver(MailOutboxRecord row) {
		try {
			MailMessage message = outbox.open(row.getId(), java.util.Objects.requireNonNull(row.getPayload()));
			MimeMessage mime = MailTransport.build(row.getId(), settings.from(), message, templates.render(message),
					domain());
			transport.send(mime);
			owner.transaction(sql -> sql.update(MAIL_OUTBOX)
				.set(MAIL_OUTBOX.SENT_AT, clock.instant())
				.setNull(MAIL_OUTBOX.PAYLOAD)
				.setNull(MAIL_OUTBOX.CLAIMED_UNTIL)
				.setNull(MAIL_OUTBOX.LAST_ERROR)
				.where(MAIL_OUTBOX.ID.eq(row.getId()))
				.execute());
			return true;
		}
		catch (Exception ex) {
			failed(row, ex);
			return false;
		}
	}

	/**
	 * A retry after {@code retry-base * 2^(attempts-1)}, at most {@code retry-max}; or
	 * given up.
	 */
	private void failed(MailOutboxRecord row, Exception ex) {
		// The exception's type only: messages of mail exceptions can hold addresses.
		String error = ex.getClass().getName()
				+ (ex.getCause() == null ? "" : " <- " + ex.getCause().getClass().getName());
		int attempts = row.getAttempts();
		Instant now = clock.instant();
		if (attempts >= settings.maxAttempts()) {
			log.warn("Gave up on mail {} ({}) after {} attempts: {}", row.getId(), row.getKind(), attempts, error);
			owner.transaction(sql -> sql.update(MAIL_OUTBOX)
				.set(MAIL_OUTBOX.FAILED_AT, now)
				.setNull(MAIL_OUTBOX.PAYLOAD)
				.setNull(MAIL_OUTBOX.CLAIMED_UNTIL)
				.set(MAIL_OUTBOX.LAST_ERROR, truncate(error))
				.where(MAIL_OUTBOX.ID.eq(row.getId()))
				.execute());
			return;
		}
		long factor = 1L << Math.min(20, attempts - 1);
		Duration delay = settings.retryBase().multipliedBy(factor);
		if (delay.compareTo(settings.retryMax()) > 0) {
			delay = settings.retryMax();
		}
		log.info("Mail {} ({}) not sent, attempt {}: {}; next try in {}s", row.getId(), row.getKind(), attempts, error,
				delay.toSeconds());
		Instant next = now.plus(delay);
		owner.transaction(sql -> sql.update(MAIL_OUTBOX)
			.set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, next)
			.setNull(MAIL_OUTBOX.CLAIMED_UNTIL)
			.set(MAIL_OUTBOX.LAST_ERROR, truncate(error))
			.where(MAIL_OUTBOX.ID.eq(row.getId()))
			.execute());
	}

	/** Lets a test or an operator retry everything waiting now (after an outage). */
	public int retryNow() {
		return owner.transaction(sql -> sql.update(MAIL_OUTBOX)
			.set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, DSL.currentInstant())
			.where(MAIL_OUTBOX.SENT_AT.isNull())
			.and(MAIL_OUTBOX.FAILED_AT.isNull())
			.execute());
	}

	private String domain() {
		String from = settings.from();
		int at = from.lastIndexOf('@');
		return at < 0 ? "rampart.invalid" : from.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
	}

	private static String truncate(String text) {
		return text.length() > 200 ? text.substring(0, 200) : text;
	}

}
