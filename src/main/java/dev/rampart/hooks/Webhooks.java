package dev.rampart.hooks;

import static dev.rampart.db.schema.Tables.WEBHOOKS;
import static dev.rampart.db.schema.Tables.WEBHOOK_DELIVERIES;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.WebhookDeliveriesRecord;
import dev.rampart.db.schema.tables.records.WebhooksRecord;
import dev.rampart.hooks.internal.HooksSealedTables;
import dev.rampart.hooks.internal.ReceiverAddresses;
import dev.rampart.hooks.internal.ReceiverClient;
import dev.rampart.hooks.internal.WebhookPayloads;
import dev.rampart.hooks.internal.WebhookSignature;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.UserId;
import dev.rampart.work.Page;
import dev.rampart.work.PageRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Managing webhooks: an organization's by its owners and admins (org.update), a project's
 * also by whoever may update the project (project.update). Making one, changing its URL
 * and rotating its secret need a recent proof of the user (step-up): a webhook sends what
 * its creator may see to wherever it points. The secret is shown once; URL and secrets
 * are sealed with the organization's key.
 */
@Service
@EnableConfigurationProperties(WebhookSettings.class)
public class Webhooks {

	public static final int URL_MAX = 2048;

	private static final String WEBHOOK = "webhook";

	private final Database db;

	private final AccessPolicy access;

	private final StepUpPolicy stepUp;

	private final FieldCipher cipher;

	private final WebhookSettings settings;

	private final WebhookPayloads payloads;

	private final Clock clock;

	private final ReceiverAddresses addresses;

	Webhooks(Database db, AccessPolicy access, StepUpPolicy stepUp, FieldCipher cipher, WebhookSettings settings,
			WebhookPayloads payloads, Clock clock) {
		this.db = db;
		this.access = access;
		this.stepUp = stepUp;
		this.cipher = cipher;
		this.settings = settings;
		this.payloads = payloads;
		this.clock = clock;
		this.addresses = new ReceiverAddresses(settings.allowedNetworks());
	}

	/**
	 * The organization's webhooks ({@code project} empty: all, for its owners and admins)
	 * or one project's (for whoever may update it), newest first.
	 */
	public List<Webhook> list(Actor actor, OrgId org, Optional<ProjectId> project) {
		requireManager(actor, org, project, true);
		return db.read(DbContext.user(actor.userId()), sql -> {
			Condition condition = WEBHOOKS.ORG_ID.eq(org.value());
			if (project.isPresent()) {
				condition = condition.and(WEBHOOKS.PROJECT_ID.eq(project.get().value()));
			}
			return sql.selectFrom(WEBHOOKS)
				.where(condition)
				.orderBy(WEBHOOKS.CREATED_AT.desc(), WEBHOOKS.ID.desc())
				.fetch(this::toWebhook);
		});
	}

	public Webhook get(Actor actor, OrgId org, UUID webhook) {
		return db.read(DbContext.user(actor.userId()), sql -> toWebhook(managed(actor, sql, org, webhook, false)));
	}

	/**
	 * A new webhook, on; its secret is in the answer and nowhere else. {@code project}
	 * empty: every project of the organization.
	 */
	public WebhookSecret create(Actor actor, OrgId org, Optional<ProjectId> project, String url,
			Collection<String> events) {
		URI receiver = validUrl(url);
		String types = validEvents(events);
		requireManager(actor, org, project, false);
		stepUp.require(actor);
		requireReachable(receiver);
		UUID id = UUID.randomUUID();
		Instant now = Clocks.now(clock);
		String secret = WebhookSignature.newSecret();
		return db.write(DbContext.user(actor.userId()), sql -> {
			if (sql.fetchCount(WEBHOOKS, WEBHOOKS.ORG_ID.eq(org.value())) >= settings.maxPerOrganization()) {
				throw new Conflict("the organization already has " + settings.maxPerOrganization() + " webhooks");
			}
			WebhooksRecord row = sql.insertInto(WEBHOOKS)
				.set(WEBHOOKS.ID, id)
				.set(WEBHOOKS.ORG_ID, org.value())
				.set(WEBHOOKS.PROJECT_ID, project.map(ProjectId::value).orElse(null))
				.set(WEBHOOKS.CREATED_BY, actor.userId().value())
				.set(WEBHOOKS.URL, cipher.seal(org, HooksSealedTables.URL, id, receiver.toString()))
				.set(WEBHOOKS.EVENT_TYPES, types)
				.set(WEBHOOKS.SECRET, cipher.seal(org, HooksSealedTables.SECRET, id, secret))
				.set(WEBHOOKS.ENABLED, true)
				.set(WEBHOOKS.CREATED_AT, now)
				.set(WEBHOOKS.UPDATED_AT, now)
				.set(WEBHOOKS.VERSION, 1)
				.returning()
				.fetchSingle();
			return new WebhookSecret(toWebhook(row), secret, Optional.empty());
		});
	}

	/**
	 * Changes what is given (null: unchanged). Turning a webhook on clears its failures;
	 * turning it off cancels what is waiting to go (the sender's next pass).
	 */
	public Webhook update(Actor actor, OrgId org, UUID webhook, @Nullable String url,
			@Nullable Collection<String> events, @Nullable Boolean enabled) {
		URI receiver = url == null ? null : validUrl(url);
		String types = events == null ? null : validEvents(events);
		if (receiver == null && types == null && enabled == null) {
			throw new InvalidInput("body", "give at least one of url, events, enabled");
		}
		if (receiver != null) {
			stepUp.require(actor);
			requireReachable(receiver);
		}
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			WebhooksRecord row = managed(actor, sql, org, webhook, true);
			if (receiver != null) {
				row.setUrl(cipher.seal(org, HooksSealedTables.URL, webhook, receiver.toString()));
			}
			if (types != null) {
				row.setEventTypes(types);
			}
			if (enabled != null && !enabled.equals(row.getEnabled())) {
				row.setEnabled(enabled);
				row.setDisabledAt(enabled ? null : now);
				row.setDisabledReason(null);
				row.setFailingSince(null);
			}
			row.setUpdatedAt(now);
			row.setVersion(row.getVersion() + 1);
			sql.executeUpdate(row);
			return toWebhook(row);
		});
	}

	/**
	 * A new secret, shown once; the old one signs too for {@code secret-overlap} (a
	 * receiver switches without losing a delivery), then no more.
	 */
	public WebhookSecret rotateSecret(Actor actor, OrgId org, UUID webhook) {
		stepUp.require(actor);
		Instant now = Clocks.now(clock);
		String secret = WebhookSignature.newSecret();
		return db.write(DbContext.user(actor.userId()), sql -> {
			WebhooksRecord row = managed(actor, sql, org, webhook, true);
			String old = cipher.open(org, HooksSealedTables.SECRET, webhook, row.getSecret());
			Instant until = now.plus(settings.secretOverlap());
			boolean overlap = !settings.secretOverlap().isZero();
			row.setPreviousSecret(overlap ? cipher.seal(org, HooksSealedTables.PREVIOUS_SECRET, webhook, old) : null);
			row.setPreviousSecretUntil(overlap ? until : null);
			row.setSecret(cipher.seal(org, HooksSealedTables.SECRET, webhook, secret));
			row.setUpdatedAt(now);
			row.setVersion(row.getVersion() + 1);
			sql.executeUpdate(row);
			return new WebhookSecret(toWebhook(row), secret, overlap ? Optional.of(until) : Optional.empty());
		});
	}

	/** Deletes the webhook and its delivery log; nothing more goes out. */
	public void delete(Actor actor, OrgId org, UUID webhook) {
		db.write(DbContext.user(actor.userId()), sql -> {
			managed(actor, sql, org, webhook, true);
			return sql.deleteFrom(WEBHOOKS).where(WEBHOOKS.ID.eq(webhook)).execute();
		});
	}

	/** The delivery log, newest first (kept {@code deliveries-kept}). */
	public Page<WebhookDelivery> deliveries(Actor actor, OrgId org, UUID webhook, PageRequest page) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			managed(actor, sql, org, webhook, false);
			Condition condition = WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(webhook);
			if (page.after().isPresent()) {
				condition = condition.and(DSL.row(WEBHOOK_DELIVERIES.CREATED_AT, WEBHOOK_DELIVERIES.ID)
					.lt(page.after().get().createdAt(), page.after().get().id()));
			}
			List<WebhookDelivery> rows = sql.selectFrom(WEBHOOK_DELIVERIES)
				.where(condition)
				.orderBy(WEBHOOK_DELIVERIES.CREATED_AT.desc(), WEBHOOK_DELIVERIES.ID.desc())
				.limit(page.limit() + 1)
				.fetch(Webhooks::toDelivery);
			return Page.of(rows, page.limit(), last -> new PageRequest.Position(last.createdAt(), last.id()));
		});
	}

	/**
	 * Queues a {@code webhook.test} event for this webhook (on or off: a test of a turned
	 * off webhook is how an admin checks the receiver is back).
	 */
	public WebhookDelivery sendTest(Actor actor, OrgId org, UUID webhook) {
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			managed(actor, sql, org, webhook, true);
			UUID id = UUID.randomUUID();
			byte[] body = payloads.test(id, webhook, actor.userId(), now);
			WebhookDeliveriesRecord row = sql.insertInto(WEBHOOK_DELIVERIES)
				.set(WEBHOOK_DELIVERIES.ID, id)
				.set(WEBHOOK_DELIVERIES.WEBHOOK_ID, webhook)
				.set(WEBHOOK_DELIVERIES.ORG_ID, org.value())
				.set(WEBHOOK_DELIVERIES.EVENT_TYPE, WebhookEvent.TEST)
				.set(WEBHOOK_DELIVERIES.CREATED_AT, now)
				.set(WEBHOOK_DELIVERIES.PAYLOAD, payloads.seal(org, id, body))
				.set(WEBHOOK_DELIVERIES.STATE, "pending")
				.set(WEBHOOK_DELIVERIES.ATTEMPTS, 0)
				.set(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT, now)
				.returning()
				.fetchSingle();
			payloads.wakeSenderAfterCommit();
			return toDelivery(row);
		});
	}

	/**
	 * The webhook under the actor's row-level security, then the access decision for its
	 * organization or project. A webhook the actor cannot see is refused as managing the
	 * organization's webhooks is (403 to its members, 404 to anyone else), so an id tells
	 * nobody whether it exists.
	 */
	private WebhooksRecord managed(Actor actor, DSLContext sql, OrgId org, UUID webhook, boolean lock) {
		var found = sql.selectFrom(WEBHOOKS).where(WEBHOOKS.ID.eq(webhook)).and(WEBHOOKS.ORG_ID.eq(org.value()));
		Optional<WebhooksRecord> row = lock ? found.forUpdate().fetchOptional() : found.fetchOptional();
		if (row.isEmpty()) {
			requireManager(actor, org, Optional.empty(), !lock);
			throw new NotFound(WEBHOOK);
		}
		requireManager(actor, org, Optional.ofNullable(row.get().getProjectId()).map(ProjectId::new), !lock);
		return row.get();
	}

	private void requireManager(Actor actor, OrgId org, Optional<ProjectId> project, boolean onlyReads) {
		if (project.isPresent()) {
			var allowed = access.require(actor, Permission.PROJECT_UPDATE, project.get());
			if (!allowed.resource().org().equals(org)) {
				throw new NotFound("project");
			}
		}
		else if (onlyReads) {
			access.requireToRead(actor, Permission.ORG_UPDATE, org);
		}
		else {
			access.require(actor, Permission.ORG_UPDATE, org);
		}
	}

	static URI validUrl(String url) {
		String text = url.strip();
		if (text.isEmpty() || text.length() > URL_MAX) {
			throw new InvalidInput("url", "must be an https URL of at most " + URL_MAX + " characters");
		}
		try {
			URI uri = new URI(text).normalize();
			String problem = ReceiverClient.shapeProblem(uri);
			if (problem != null) {
				throw new InvalidInput("url", problem);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new InvalidInput("url", "is not a URL");
		}
	}

	/** Before saving: the URL's host resolves, to addresses Rampart may connect to. */
	private void requireReachable(URI receiver) {
		try {
			addresses.resolve(java.util.Objects.requireNonNull(receiver.getHost()));
		}
		catch (ReceiverAddresses.Refused ex) {
			throw new InvalidInput("url", ex.getMessage());
		}
		catch (UnknownHostException ex) {
			throw new InvalidInput("url", "its host name does not resolve");
		}
	}

	static String validEvents(Collection<String> events) {
		if (events.isEmpty()) {
			throw new InvalidInput("events", "choose at least one event");
		}
		Set<String> chosen = new LinkedHashSet<>();
		List<String> unknown = new ArrayList<>();
		for (String event : events) {
			WebhookEvent.of(event).ifPresentOrElse(e -> chosen.add(e.wireName()), () -> unknown.add(event));
		}
		if (!unknown.isEmpty()) {
			throw new InvalidInput("events",
					"unknown: " + String.join(", ", unknown.stream().limit(5).toList()) + " (known: "
							+ java.util.Arrays.stream(WebhookEvent.values())
								.map(WebhookEvent::wireName)
								.collect(Collectors.joining(", "))
							+ ")");
		}
		return String.join(",", chosen);
	}

	private Webhook toWebhook(WebhooksRecord row) {
		OrgId org = new OrgId(row.getOrgId());
		return new Webhook(row.getId(), org, Optional.ofNullable(row.getProjectId()).map(ProjectId::new),
				cipher.open(org, HooksSealedTables.URL, row.getId(), row.getUrl()),
				java.util.Arrays.stream(row.getEventTypes().split(","))
					.map(WebhookEvent::of)
					.flatMap(Optional::stream)
					.toList(),
				row.getEnabled(), Optional.ofNullable(row.getDisabledReason()),
				Optional.ofNullable(row.getFailingSince()), new UserId(row.getCreatedBy()), row.getCreatedAt(),
				row.getUpdatedAt(), Optional.ofNullable(row.getPreviousSecretUntil()), row.getVersion());
	}

	private static WebhookDelivery toDelivery(WebhookDeliveriesRecord row) {
		boolean pending = "pending".equals(row.getState());
		return new WebhookDelivery(row.getId(), row.getEventType(), Optional.ofNullable(row.getTaskId()),
				row.getState(), row.getAttempts(), row.getCreatedAt(), Optional.ofNullable(row.getLastAttemptAt()),
				pending ? Optional.of(row.getNextAttemptAt()) : Optional.empty(),
				Optional.ofNullable(row.getDeliveredAt()), Optional.ofNullable(row.getLastStatus()),
				Optional.ofNullable(row.getLastError()), Optional.ofNullable(row.getLastDurationMs()));
	}

}
