package dev.rampart.hooks.internal;

import static dev.rampart.db.schema.Tables.WEBHOOK_DELIVERIES;

import dev.rampart.access.AccessPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.hooks.WebhookEvent;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import dev.rampart.work.TaskHeadlines;
import dev.rampart.work.WorkEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues deliveries inside the change's own transaction, as its author: they exist
 * exactly when the change commits. A subscription gets the event only when its creator
 * may read the task now (the same access decision as their own requests); the body is
 * sealed at once, so a retry sends the same bytes.
 */
@Component
class WebhookQueue {

	private static final Field<UUID> SUBSCRIPTION = DSL.field(DSL.name("s", "id"), UUID.class);

	private static final Field<UUID> CREATOR = DSL.field(DSL.name("s", "created_by"), UUID.class);

	private final Database db;

	private final AccessPolicy access;

	private final TaskHeadlines headlines;

	private final WebhookPayloads payloads;

	private final Clock clock;

	WebhookQueue(Database db, AccessPolicy access, TaskHeadlines headlines, WebhookPayloads payloads, Clock clock) {
		this.db = db;
		this.access = access;
		this.headlines = headlines;
		this.payloads = payloads;
		this.clock = clock;
	}

	/** What a webhook hears of a change. */
	private record Subject(OrgId org, TaskId task, WebhookEvent type, Set<String> changed, @Nullable UUID comment) {
	}

	@EventListener
	void on(WorkEvent event) {
		Optional<UserId> author = Database.transactionUser();
		Optional<Subject> subject = subjectOf(event);
		if (author.isEmpty() || subject.isEmpty()) {
			return;
		}
		// Joins the change's transaction (same context); housekeeping: the activity log
		// entry is the change's own.
		db.housekeeping(DbContext.user(author.get()), sql -> queue(sql, author.get(), subject.get()));
	}

	private static Optional<Subject> subjectOf(WorkEvent event) {
		if (event instanceof WorkEvent.TaskCreated created) {
			return Optional.of(new Subject(created.org(), created.task(), WebhookEvent.TASK_CREATED, Set.of(), null));
		}
		if (event instanceof WorkEvent.TaskUpdated updated) {
			return Optional
				.of(new Subject(updated.org(), updated.task(), WebhookEvent.TASK_UPDATED, updated.fields(), null));
		}
		if (event instanceof WorkEvent.TaskDeleted deleted) {
			return Optional.of(new Subject(deleted.org(), deleted.task(), WebhookEvent.TASK_DELETED, Set.of(), null));
		}
		if (event instanceof WorkEvent.CommentAdded added) {
			return Optional.of(new Subject(added.org(), added.task(), WebhookEvent.COMMENT_CREATED, Set.of(),
					added.comment().value()));
		}
		return Optional.empty();
	}

	private int queue(DSLContext sql, UserId author, Subject subject) {
		// Asked first: most organizations have no webhook, and then nothing else is read.
		List<Record2<UUID, UUID>> subscriptions = sql.select(SUBSCRIPTION, CREATOR)
			.from(DSL
				.table("rampart.webhook_subscriptions({0}, {1}, {2})", DSL.val(subject.org().value()),
						DSL.val(subject.task().value()), DSL.val(subject.type().wireName(), SQLDataType.CLOB))
				.as("s", "id", "created_by"))
			.fetch();
		if (subscriptions.isEmpty()) {
			return 0;
		}
		TaskHeadlines.Headline task = headlines.of(sql, List.of(subject.task())).get(subject.task());
		if (task == null) {
			return 0; // the author cannot see it (a change made on their behalf)
		}
		Set<UserId> readers = access.readersAmong(author, subject.task(),
				subscriptions.stream().map(s -> new UserId(s.value2())).toList());
		if (readers.isEmpty()) {
			return 0;
		}
		Instant now = Clocks.now(clock);
		// One body for every subscription: each creator who gets it may read the task.
		byte[] body = payloads.task(subject.type().wireName(), task, author, now, subject.changed(), subject.comment());
		int queued = 0;
		for (Record2<UUID, UUID> subscription : subscriptions) {
			if (!readers.contains(new UserId(subscription.value2()))) {
				continue; // its creator may not see this task: not a word of it goes out
			}
			UUID id = UUID.randomUUID();
			queued += sql.insertInto(WEBHOOK_DELIVERIES)
				.set(WEBHOOK_DELIVERIES.ID, id)
				.set(WEBHOOK_DELIVERIES.WEBHOOK_ID, subscription.value1())
				.set(WEBHOOK_DELIVERIES.ORG_ID, subject.org().value())
				.set(WEBHOOK_DELIVERIES.EVENT_TYPE, subject.type().wireName())
				.set(WEBHOOK_DELIVERIES.TASK_ID, subject.task().value())
				.set(WEBHOOK_DELIVERIES.CREATED_AT, now)
				.set(WEBHOOK_DELIVERIES.PAYLOAD, payloads.seal(subject.org(), id, body))
				.set(WEBHOOK_DELIVERIES.STATE, "pending")
				.set(WEBHOOK_DELIVERIES.ATTEMPTS, 0)
				.set(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT, now)
				.execute();
		}
		if (queued > 0) {
			payloads.wakeSenderAfterCommit();
		}
		return queued;
	}

}
