package dev.rampart.hooks.internal;

import static dev.rampart.db.schema.Tables.WEBHOOK_DELIVERIES;

import dev.rampart.access.AccessPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.db.schema.tables.records.WebhookDeliveriesRecord;
import dev.rampart.db.schema.tables.records.WebhooksRecord;
import dev.rampart.hooks.WebhookEvent;
import dev.rampart.hooks.WebhookSettings;
import dev.rampart.identity.AccountDirectory;
import dev.rampart.keys.FieldCipher;
import dev.rampart.mail.MailMessage;
import dev.rampart.mail.MailSettings;
import dev.rampart.mail.Outbox;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Sends what is due, on every node: each pass claims a batch (a lease committed before
 * anything is sent, so no other node sends the same delivery meanwhile), sends them
 * {@code concurrency} at a time and records each attempt. Before sending, the webhook's
 * creator must still be able to read the task (under their own row-level security and the
 * access decision); otherwise the delivery is withheld and nothing goes. A failed attempt
 * is tried again by {@code retry-schedule}; a webhook failing for {@code disable-after}
 * is turned off and its creator mailed.
 */
@Component
public class WebhookSender implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	private final OwnerDatabase owner;

	private final Database db;

	private final AccessPolicy access;

	private final WebhookPayloads payloads;

	private final FieldCipher cipher;

	private final AccountDirectory directory;

	private final Outbox outbox;

	private final MailSettings mail;

	private final WebhookSettings settings;

	private final Clock clock;

	private final ReceiverClient client;

	private final ExecutorService senders;

	private final ExecutorService waker;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicBoolean again = new AtomicBoolean();

	private final AtomicLong waiting = new AtomicLong();

	/**
	 * When a pass last cancelled what waits for turned-off webhooks and counted what
	 * waits.
	 */
	private volatile long lastBookkeeping;

	private final Counter delivered;

	private final Counter failedAttempts;

	WebhookSender(OwnerDatabase owner, Database db, AccessPolicy access, WebhookPayloads payloads, FieldCipher cipher,
			AccountDirectory directory, Outbox outbox, MailSettings mail, WebhookSettings settings, Clock clock,
			MeterRegistry meters) {
		this.owner = owner;
		this.db = db;
		this.access = access;
		this.payloads = payloads;
		this.cipher = cipher;
		this.directory = directory;
		this.outbox = outbox;
		this.mail = mail;
		this.settings = settings;
		this.clock = clock;
		this.client = new ReceiverClient(settings);
		this.senders = Executors.newFixedThreadPool(settings.concurrency(), daemon("webhook-send"));
		this.waker = Executors.newSingleThreadExecutor(daemon("webhook-wake"));
		this.delivered = Counter.builder("rampart.webhooks.delivered").register(meters);
		this.failedAttempts = Counter.builder("rampart.webhooks.failed.attempts").register(meters);
		Gauge.builder("rampart.webhooks.waiting", waiting, AtomicLong::get)
			.description("webhook deliveries not yet delivered nor given up")
			.register(meters);
	}

	private static java.util.concurrent.ThreadFactory daemon(String name) {
		AtomicLong n = new AtomicLong();
		return runnable -> {
			Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::sendDue, settings.sendInterval(), settings.sendInterval()));
		tasks.addFixedDelayTask(new FixedDelayTask(this::prune, Duration.ofHours(1), Duration.ofMinutes(5)));
	}

	/** Looks for what is due now, without waiting for the next pass. */
	void wake() {
		again.set(true);
		if (!running.get()) {
			waker.execute(this::sendDue);
		}
	}

	/** One pass (repeated while woken meanwhile): the number of deliveries made. */
	public int sendDue() {
		if (!running.compareAndSet(false, true)) {
			again.set(true);
			return 0;
		}
		int sent = 0;
		try {
			do {
				again.set(false);
				// Bookkeeping at most once a second, however often changes wake the
				// sender.
				if (clock.millis() - lastBookkeeping >= 1_000) {
					lastBookkeeping = clock.millis();
					waiting.set(outbox(sql -> sql.select(DSL.field("rampart.webhook_outbox_housekeeping()", Long.class))
						.fetchSingle()
						.value1()));
				}
				while (true) {
					List<WebhookDeliveriesRecord> batch = claim();
					sent += send(batch);
					if (batch.size() < settings.batchSize()) {
						break;
					}
				}
			}
			while (again.get());
		}
		catch (RuntimeException ex) {
			// The database may be away; the next pass tries again.
			log.warn("Webhook pass stopped: {}", ex.getClass().getName());
		}
		finally {
			running.set(false);
		}
		return sent;
	}

	/**
	 * The sender's own statements: on the application's pooled connections, without a
	 * user, through the definer functions of R__9_hooks_row_security.sql (never a
	 * connection as the owner per delivery).
	 */
	private <T> T outbox(java.util.function.Function<org.jooq.DSLContext, T> work) {
		return db.housekeeping(DbContext.none(), work);
	}

	private List<WebhookDeliveriesRecord> claim() {
		Instant now = clock.instant();
		return outbox(sql -> sql.select(DSL.asterisk())
			.from(DSL
				.table("rampart.claim_webhook_deliveries({0}, {1}, {2})", DSL.val(settings.batchSize()), DSL.val(now),
						DSL.val(now.plus(settings.lease())))
				.as("claimed"))
			.fetchInto(WebhookDeliveriesRecord.class));
	}

	private int send(List<WebhookDeliveriesRecord> batch) {
		if (batch.isEmpty()) {
			return 0;
		}
		UUID[] ids = batch.stream().map(WebhookDeliveriesRecord::getWebhookId).distinct().toArray(UUID[]::new);
		Map<UUID, WebhooksRecord> webhooks = outbox(sql -> sql.select(DSL.asterisk())
			.from(DSL.table("rampart.webhooks_to_send({0})", DSL.val(ids)).as("hooks"))
			.fetchInto(WebhooksRecord.class)
			.stream()
			.collect(java.util.stream.Collectors.toMap(WebhooksRecord::getId, w -> w)));
		List<Future<Boolean>> running = new ArrayList<>();
		for (WebhookDeliveriesRecord delivery : batch) {
			WebhooksRecord webhook = webhooks.get(delivery.getWebhookId());
			if (webhook != null) {
				running.add(senders.submit(() -> attempt(delivery, webhook)));
			}
		}
		int sent = 0;
		for (Future<Boolean> each : running) {
			try {
				sent += each.get() ? 1 : 0;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return sent;
			}
			catch (java.util.concurrent.ExecutionException ex) {
				log.warn("Webhook attempt failed unexpectedly: {}", ex.getCause().getClass().getName());
			}
		}
		return sent;
	}

	private boolean attempt(WebhookDeliveriesRecord delivery, WebhooksRecord webhook) {
		OrgId org = new OrgId(delivery.getOrgId());
		UUID id = delivery.getId();
		if (delivery.getPayload() == null) {
			return false;
		}
		if (!stillVisible(delivery, webhook)) {
			record(id, "withheld", null, null, "its creator can no longer see the task", 0);
			return false;
		}
		byte[] body = payloads.open(org, id, delivery.getPayload());
		Instant now = clock.instant();
		List<String> secrets = new ArrayList<>();
		secrets.add(cipher.open(org, HooksSealedTables.SECRET, webhook.getId(), webhook.getSecret()));
		if (webhook.getPreviousSecret() != null && webhook.getPreviousSecretUntil() != null
				&& webhook.getPreviousSecretUntil().isAfter(now)) {
			secrets
				.add(cipher.open(org, HooksSealedTables.PREVIOUS_SECRET, webhook.getId(), webhook.getPreviousSecret()));
		}
		String msgId = "msg_" + id;
		long timestamp = now.getEpochSecond();
		URI url = URI.create(cipher.open(org, HooksSealedTables.URL, webhook.getId(), webhook.getUrl()));
		ReceiverClient.Outcome outcome = client.post(url, body,
				Map.of("webhook-id", msgId, "webhook-timestamp", Long.toString(timestamp), "webhook-signature",
						WebhookSignature.header(secrets, msgId, timestamp, body)));
		boolean test = WebhookEvent.TEST.equals(delivery.getEventType());
		if (outcome.delivered()) {
			delivered.increment();
			record(id, "delivered", null, outcome.status(), null, outcome.millis());
			if (!test && webhook.getFailingSince() != null) {
				health(webhook, true);
			}
			return true;
		}
		failedAttempts.increment();
		failed(delivery, webhook, outcome, test);
		return false;
	}

	/**
	 * Whether the webhook's creator may read the task now (a deletion was checked when it
	 * was queued: the task is gone).
	 */
	private boolean stillVisible(WebhookDeliveriesRecord delivery, WebhooksRecord webhook) {
		UUID task = delivery.getTaskId();
		if (task == null || WebhookEvent.TASK_DELETED.wireName().equals(delivery.getEventType())) {
			return true;
		}
		UserId creator = new UserId(webhook.getCreatedBy());
		// Under the creator's own row-level security and the access decision, in one
		// statement: a task hidden from them has no readers at all.
		return !access.readersAmong(creator, new TaskId(task), List.of(creator)).isEmpty();
	}

	private void failed(WebhookDeliveriesRecord delivery, WebhooksRecord webhook, ReceiverClient.Outcome outcome,
			boolean test) {
		int attempts = delivery.getAttempts();
		List<Duration> schedule = settings.retrySchedule();
		String error = outcome.error() != null ? outcome.error() : "no answer";
		if (attempts > schedule.size()) {
			record(delivery.getId(), "failed", null, outcome.status(), error, outcome.millis());
		}
		else {
			record(delivery.getId(), "pending", clock.instant().plus(schedule.get(attempts - 1)), outcome.status(),
					error, outcome.millis());
		}
		if (!test && health(webhook, false)) {
			log.info("Turned off webhook {} of organization {}: failing since {}", webhook.getId(), webhook.getOrgId(),
					webhook.getFailingSince());
			tellCreator(webhook);
		}
	}

	/**
	 * A success clears the webhook's failure; a failure starts it, and one lasting
	 * {@code disable-after} turns the webhook off: true when this call did (once, by
	 * whichever node saw it first), so its creator is mailed once.
	 */
	private boolean health(WebhooksRecord webhook, boolean succeeded) {
		Instant now = clock.instant();
		return outbox(sql -> sql.select(
				DSL.field("rampart.record_webhook_health({0}, {1}, {2}, {3})", Boolean.class, DSL.val(webhook.getId()),
						DSL.val(succeeded), DSL.val(now), DSL.val(now.minus(settings.disableAfter()))))
			.fetchSingle()
			.value1());
	}

	private void tellCreator(WebhooksRecord webhook) {
		UserId creator = new UserId(webhook.getCreatedBy());
		OrgId org = new OrgId(webhook.getOrgId());
		String host = URI.create(cipher.open(org, HooksSealedTables.URL, webhook.getId(), webhook.getUrl())).getHost();
		db.housekeeping(DbContext.user(creator), sql -> {
			AccountDirectory.Contact contact = directory.contacts(sql, List.of(creator)).get(creator);
			if (contact != null) {
				outbox.enqueue(sql, "webhook-disabled",
						new MailMessage(contact.email(), "webhook-disabled", "Rampart turned off a webhook you made",
								Map.of("name", contact.displayName(), "host", host, "since",
										String.valueOf(webhook.getFailingSince()), "link",
										mail.publicUrl() + "/orgs/" + org.value() + "/admin/webhooks")));
			}
			return null;
		});
	}

	/**
	 * Records an attempt: {@code state} pending (tried again at {@code next}), delivered,
	 * failed (given up) or withheld.
	 */
	private void record(UUID delivery, String state, @org.jspecify.annotations.Nullable Instant next,
			@org.jspecify.annotations.Nullable Integer status, @org.jspecify.annotations.Nullable String error,
			long millis) {
		Instant now = clock.instant();
		outbox(sql -> sql.select(DSL.field("rampart.record_webhook_attempt({0}, {1}, {2}, {3}, {4}, {5}, {6})",
				Object.class, DSL.val(delivery), DSL.val(state), DSL.val(next, SQLDataType.INSTANT), DSL.val(now),
				DSL.val(status, SQLDataType.INTEGER),
				DSL.val(error == null ? null : truncate(error), SQLDataType.VARCHAR),
				DSL.val((int) Math.min(Integer.MAX_VALUE, millis))))
			.execute());
	}

	/**
	 * The delivery log past {@code deliveries-kept} goes (what is still pending stays).
	 */
	public int prune() {
		Instant cutoff = clock.instant().minus(settings.deliveriesKept());
		return owner.transaction(sql -> sql.deleteFrom(WEBHOOK_DELIVERIES)
			.where(WEBHOOK_DELIVERIES.CREATED_AT.lt(cutoff))
			.and(WEBHOOK_DELIVERIES.STATE.ne("pending"))
			.execute());
	}

	/** Lets a test or an operator retry everything waiting now (after an outage). */
	public int retryNow() {
		return owner.transaction(sql -> sql.update(WEBHOOK_DELIVERIES)
			.set(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT, DSL.currentInstant())
			.where(WEBHOOK_DELIVERIES.STATE.eq("pending"))
			.execute());
	}

	private static String truncate(String text) {
		return text.length() > 200 ? text.substring(0, 200) : text;
	}

	@PreDestroy
	void stop() throws java.io.IOException {
		waker.shutdownNow();
		senders.shutdownNow();
		client.close();
	}

}
