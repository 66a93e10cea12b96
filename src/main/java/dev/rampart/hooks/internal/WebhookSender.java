package dev.rampart.hooks.internal;

import static dev.rampart.db.schema.Tables.WEBHOOKS;
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
import dev.rampart.work.TaskHeadlines;
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

	private final TaskHeadlines headlines;

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

	private final Counter delivered;

	private final Counter failedAttempts;

	WebhookSender(OwnerDatabase owner, Database db, AccessPolicy access, TaskHeadlines headlines,
			WebhookPayloads payloads, FieldCipher cipher, AccountDirectory directory, Outbox outbox, MailSettings mail,
			WebhookSettings settings, Clock clock, MeterRegistry meters) {
		this.owner = owner;
		this.db = db;
		this.access = access;
		this.headlines = headlines;
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
				cancelTurnedOff();
				while (true) {
					List<WebhookDeliveriesRecord> batch = claim();
					sent += send(batch);
					if (batch.size() < settings.batchSize()) {
						break;
					}
				}
			}
			while (again.get());
			waiting.set(owner
				.transaction(sql -> (long) sql.fetchCount(WEBHOOK_DELIVERIES, WEBHOOK_DELIVERIES.STATE.eq("pending"))));
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

	/** What waits for a webhook turned off stays unsent (a test still goes). */
	private void cancelTurnedOff() {
		owner.transaction(sql -> sql.update(WEBHOOK_DELIVERIES)
			.set(WEBHOOK_DELIVERIES.STATE, "cancelled")
			.setNull(WEBHOOK_DELIVERIES.PAYLOAD)
			.where(WEBHOOK_DELIVERIES.STATE.eq("pending"))
			.and(WEBHOOK_DELIVERIES.EVENT_TYPE.ne(WebhookEvent.TEST))
			.and(DSL.exists(DSL.selectOne()
				.from(WEBHOOKS)
				.where(WEBHOOKS.ID.eq(WEBHOOK_DELIVERIES.WEBHOOK_ID))
				.and(WEBHOOKS.ENABLED.isFalse())))
			.execute());
	}

	private List<WebhookDeliveriesRecord> claim() {
		Instant now = clock.instant();
		return owner.transaction(sql -> {
			List<UUID> ids = sql.select(WEBHOOK_DELIVERIES.ID)
				.from(WEBHOOK_DELIVERIES)
				.where(WEBHOOK_DELIVERIES.STATE.eq("pending"))
				.and(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT.le(now))
				.and(WEBHOOK_DELIVERIES.CLAIMED_UNTIL.isNull().or(WEBHOOK_DELIVERIES.CLAIMED_UNTIL.lt(now)))
				.orderBy(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT)
				.limit(settings.batchSize())
				.forUpdate()
				.skipLocked()
				.fetch(WEBHOOK_DELIVERIES.ID);
			if (ids.isEmpty()) {
				return List.<WebhookDeliveriesRecord>of();
			}
			return sql.update(WEBHOOK_DELIVERIES)
				.set(WEBHOOK_DELIVERIES.CLAIMED_UNTIL, now.plus(settings.lease()))
				.set(WEBHOOK_DELIVERIES.ATTEMPTS, WEBHOOK_DELIVERIES.ATTEMPTS.plus(1))
				.where(WEBHOOK_DELIVERIES.ID.in(ids))
				.returning()
				.fetch();
		});
	}

	private int send(List<WebhookDeliveriesRecord> batch) {
		if (batch.isEmpty()) {
			return 0;
		}
		Map<UUID, WebhooksRecord> webhooks = owner.transaction(sql -> sql.selectFrom(WEBHOOKS)
			.where(WEBHOOKS.ID.in(batch.stream().map(WebhookDeliveriesRecord::getWebhookId).distinct().toList()))
			.fetchMap(WEBHOOKS.ID));
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
			finish(id, "withheld", null, "its creator can no longer see the task", 0);
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
			finish(id, "delivered", outcome.status(), null, outcome.millis());
			if (!test && webhook.getFailingSince() != null) {
				owner.transaction(sql -> sql.update(WEBHOOKS)
					.setNull(WEBHOOKS.FAILING_SINCE)
					.where(WEBHOOKS.ID.eq(webhook.getId()))
					.execute());
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
		TaskId taskId = new TaskId(task);
		boolean seen = db.read(DbContext.user(creator), sql -> !headlines.of(sql, List.of(taskId)).isEmpty());
		return seen && !access.readersAmong(creator, taskId, List.of(creator)).isEmpty();
	}

	private void failed(WebhookDeliveriesRecord delivery, WebhooksRecord webhook, ReceiverClient.Outcome outcome,
			boolean test) {
		Instant now = clock.instant();
		int attempts = delivery.getAttempts();
		List<Duration> schedule = settings.retrySchedule();
		String error = outcome.error() != null ? outcome.error() : "no answer";
		if (attempts > schedule.size()) {
			finish(delivery.getId(), "failed", outcome.status(), error, outcome.millis());
		}
		else {
			Instant next = now.plus(schedule.get(attempts - 1));
			owner.transaction(sql -> sql.update(WEBHOOK_DELIVERIES)
				.set(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT, next)
				.setNull(WEBHOOK_DELIVERIES.CLAIMED_UNTIL)
				.set(WEBHOOK_DELIVERIES.LAST_ATTEMPT_AT, now)
				.set(WEBHOOK_DELIVERIES.LAST_STATUS, outcome.status())
				.set(WEBHOOK_DELIVERIES.LAST_ERROR, truncate(error))
				.set(WEBHOOK_DELIVERIES.LAST_DURATION_MS, (int) Math.min(Integer.MAX_VALUE, outcome.millis()))
				.where(WEBHOOK_DELIVERIES.ID.eq(delivery.getId()))
				.execute());
		}
		if (!test) {
			failing(webhook.getId(), now);
		}
	}

	/**
	 * Marks the webhook failing since its first failure; failing for
	 * {@code disable-after}, it is turned off (once, by whichever node sees it first) and
	 * its creator is mailed.
	 */
	private void failing(UUID webhook, Instant now) {
		Instant cutoff = now.minus(settings.disableAfter());
		WebhooksRecord turnedOff = owner.transaction(sql -> {
			sql.update(WEBHOOKS)
				.set(WEBHOOKS.FAILING_SINCE, now)
				.where(WEBHOOKS.ID.eq(webhook))
				.and(WEBHOOKS.FAILING_SINCE.isNull())
				.execute();
			return sql.update(WEBHOOKS)
				.set(WEBHOOKS.ENABLED, false)
				.set(WEBHOOKS.DISABLED_REASON, "failing")
				.set(WEBHOOKS.DISABLED_AT, now)
				.set(WEBHOOKS.VERSION, WEBHOOKS.VERSION.plus(1))
				.set(WEBHOOKS.UPDATED_AT, now)
				.where(WEBHOOKS.ID.eq(webhook))
				.and(WEBHOOKS.ENABLED.isTrue())
				.and(WEBHOOKS.FAILING_SINCE.le(cutoff))
				.returning()
				.fetchOptional()
				.orElse(null);
		});
		if (turnedOff != null) {
			log.info("Turned off webhook {} of organization {}: failing since {}", webhook, turnedOff.getOrgId(),
					turnedOff.getFailingSince());
			tellCreator(turnedOff);
		}
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
										mail.publicUrl() + "/orgs/" + org.value() + "/webhooks")));
			}
			return null;
		});
	}

	private void finish(UUID delivery, String state, @org.jspecify.annotations.Nullable Integer status,
			@org.jspecify.annotations.Nullable String error, long millis) {
		Instant now = clock.instant();
		owner.transaction(sql -> sql.update(WEBHOOK_DELIVERIES)
			.set(WEBHOOK_DELIVERIES.STATE, state)
			.setNull(WEBHOOK_DELIVERIES.PAYLOAD)
			.setNull(WEBHOOK_DELIVERIES.CLAIMED_UNTIL)
			.set(WEBHOOK_DELIVERIES.LAST_ATTEMPT_AT, now)
			.set(WEBHOOK_DELIVERIES.DELIVERED_AT, "delivered".equals(state) ? now : null)
			.set(WEBHOOK_DELIVERIES.LAST_STATUS, status)
			.set(WEBHOOK_DELIVERIES.LAST_ERROR, error == null ? null : truncate(error))
			.set(WEBHOOK_DELIVERIES.LAST_DURATION_MS, (int) Math.min(Integer.MAX_VALUE, millis))
			.where(WEBHOOK_DELIVERIES.ID.eq(delivery))
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
