package dev.rampart.notify.internal;

import static dev.rampart.db.schema.Tables.NOTIFICATIONS;
import static dev.rampart.db.schema.Tables.TASK_WATCHERS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.notify.NotificationKind;
import dev.rampart.notify.NotificationSettings;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.CommentId;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import dev.rampart.work.TaskHeadlines;
import dev.rampart.work.WorkEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells the people a change concerns, inside the change's own transaction: the
 * notifications exist exactly when the change commits, and are written as its author, so
 * row-level security checks that the author may read the task and that every recipient
 * belongs to its organization. Each recipient is also checked to be able to read the task
 * now ({@link AccessPolicy#readersAmong}); nobody is told of their own change. Taking
 * part (creating, being assigned, commenting, being mentioned) starts watching.
 */
@Component
class NotificationFanOut {

	private static final Logger log = LoggerFactory.getLogger(NotificationFanOut.class);

	private static final Object MENTIONED_KEY = NotificationFanOut.class.getName() + ".mentioned";

	private final Database db;

	private final AccessPolicy access;

	private final TaskHeadlines headlines;

	private final NotificationSettings settings;

	private final Clock clock;

	NotificationFanOut(Database db, AccessPolicy access, TaskHeadlines headlines, NotificationSettings settings,
			Clock clock) {
		this.db = db;
		this.access = access;
		this.headlines = headlines;
		this.settings = settings;
		this.clock = clock;
	}

	@EventListener
	void on(WorkEvent event) {
		Optional<UserId> author = Database.transactionUser();
		if (author.isEmpty() || !concerns(event)) {
			return;
		}
		UserId actor = author.get();
		// Joins the change's transaction (same context); housekeeping: the activity log
		// entry is the change's own, added once by the change's write.
		db.housekeeping(DbContext.user(actor), sql -> {
			handle(sql, actor, event);
			return null;
		});
	}

	private static boolean concerns(WorkEvent event) {
		return event instanceof WorkEvent.TaskCreated || event instanceof WorkEvent.CommentAdded
				|| event instanceof WorkEvent.Mentioned || event instanceof WorkEvent.TaskGranted
				|| event instanceof WorkEvent.ProjectMemberAdded || (event instanceof WorkEvent.TaskUpdated updated
						&& (updated.fields().contains("assignee") || updated.fields().contains("status")));
	}

	private void handle(DSLContext sql, UserId actor, WorkEvent event) {
		if (event instanceof WorkEvent.ProjectMemberAdded added) {
			insert(sql, actor, NotificationKind.PROJECT_ADDED, added.org(), added.project(), null, null, null,
					List.of(added.user()));
			return;
		}
		TaskId task = taskOf(event);
		Optional<TaskHeadlines.Headline> found = Optional.ofNullable(headlines.of(sql, List.of(task)).get(task));
		if (found.isEmpty()) {
			return; // the author cannot see it (a change made by the system on their
					// behalf)
		}
		TaskHeadlines.Headline headline = found.get();
		if (event instanceof WorkEvent.TaskCreated) {
			watch(sql, headline, List.of(actor), "created");
			assigned(sql, actor, headline);
		}
		else if (event instanceof WorkEvent.TaskUpdated updated) {
			if (updated.fields().contains("assignee")) {
				assigned(sql, actor, headline);
			}
			if (updated.fields().contains("status")) {
				String status = headline.statusName();
				notify(sql, actor, NotificationKind.STATUS_CHANGED, headline, null,
						status.length() > 64 ? status.substring(0, 64) : status, watchers(sql, task));
			}
		}
		else if (event instanceof WorkEvent.Mentioned mentioned) {
			mentioned.comment().ifPresent(comment -> mentionedIn(comment).addAll(mentioned.people()));
			watch(sql, headline, mentioned.people(), "mentioned");
			notify(sql, actor, NotificationKind.MENTIONED, headline, mentioned.comment().orElse(null), null,
					mentioned.people());
		}
		else if (event instanceof WorkEvent.CommentAdded added) {
			watch(sql, headline, List.of(actor), "commented");
			Set<UserId> recipients = new LinkedHashSet<>(watchers(sql, task));
			// Whoever this comment mentions was told so already.
			recipients.removeAll(mentionedIn(added.comment()));
			notify(sql, actor, NotificationKind.COMMENTED, headline, added.comment(), null, recipients);
		}
		else if (event instanceof WorkEvent.TaskGranted granted) {
			notify(sql, actor, NotificationKind.TASK_GRANTED, headline, null, null, List.of(granted.user()));
		}
	}

	/**
	 * The people a comment of the current transaction mentions (its mention is announced
	 * before the comment itself): kept with the transaction, gone at its end.
	 */
	private static Set<UserId> mentionedIn(CommentId comment) {
		java.util.Map<CommentId, Set<UserId>> byComment = Database.transactionScoped(MENTIONED_KEY,
				java.util.HashMap::new);
		return byComment.computeIfAbsent(comment, c -> new LinkedHashSet<>());
	}

	private static TaskId taskOf(WorkEvent event) {
		if (event instanceof WorkEvent.TaskCreated created) {
			return created.task();
		}
		if (event instanceof WorkEvent.TaskUpdated updated) {
			return updated.task();
		}
		if (event instanceof WorkEvent.Mentioned mentioned) {
			return mentioned.task();
		}
		if (event instanceof WorkEvent.CommentAdded added) {
			return added.task();
		}
		return ((WorkEvent.TaskGranted) event).task();
	}

	private void assigned(DSLContext sql, UserId actor, TaskHeadlines.Headline headline) {
		if (headline.assignee().isPresent()) {
			watch(sql, headline, List.of(headline.assignee().get()), "assigned");
			notify(sql, actor, NotificationKind.ASSIGNED, headline, null, null, List.of(headline.assignee().get()));
		}
	}

	private static List<UserId> watchers(DSLContext sql, TaskId task) {
		return sql.select(TASK_WATCHERS.USER_ID)
			.from(TASK_WATCHERS)
			.where(TASK_WATCHERS.TASK_ID.eq(task.value()))
			.and(TASK_WATCHERS.WATCHING)
			.fetch(r -> new UserId(r.value1()));
	}

	private void watch(DSLContext sql, TaskHeadlines.Headline task, Collection<UserId> users, String reason) {
		Instant now = Clocks.now(clock);
		for (UserId user : users) {
			sql.insertInto(TASK_WATCHERS)
				.set(TASK_WATCHERS.TASK_ID, task.id().value())
				.set(TASK_WATCHERS.USER_ID, user.value())
				.set(TASK_WATCHERS.ORG_ID, task.org().value())
				.set(TASK_WATCHERS.WATCHING, true)
				.set(TASK_WATCHERS.REASON, reason)
				.set(TASK_WATCHERS.CREATED_AT, now)
				.onConflictDoNothing()
				.execute();
		}
	}

	/** Those of {@code candidates} who may read the task, but not the actor. */
	private void notify(DSLContext sql, UserId actor, NotificationKind kind, TaskHeadlines.Headline task,
			@Nullable CommentId comment, @Nullable String detail, Collection<UserId> candidates) {
		Set<UserId> others = new LinkedHashSet<>(candidates);
		others.remove(actor);
		if (others.isEmpty()) {
			return;
		}
		Set<UserId> readers = access.readersAmong(actor, task.id(), others);
		insert(sql, actor, kind, task.org(), task.project(), task.id(), comment, detail, readers);
	}

	private void insert(DSLContext sql, UserId actor, NotificationKind kind, OrgId org, ProjectId project,
			@Nullable TaskId task, @Nullable CommentId comment, @Nullable String detail,
			Collection<UserId> recipients) {
		List<UserId> told = recipients.stream().filter(user -> !user.equals(actor)).distinct().toList();
		if (told.size() > settings.maxRecipients()) {
			log.warn("A change concerned {} people; {} were notified (rampart.notifications.max-recipients)",
					told.size(), settings.maxRecipients());
			told = told.subList(0, settings.maxRecipients());
		}
		if (told.isEmpty()) {
			return;
		}
		Instant now = Clocks.now(clock);
		var insert = sql.insertInto(NOTIFICATIONS, NOTIFICATIONS.ID, NOTIFICATIONS.USER_ID, NOTIFICATIONS.ORG_ID,
				NOTIFICATIONS.KIND, NOTIFICATIONS.PROJECT_ID, NOTIFICATIONS.TASK_ID, NOTIFICATIONS.COMMENT_ID,
				NOTIFICATIONS.ACTOR_ID, NOTIFICATIONS.DETAIL, NOTIFICATIONS.CREATED_AT);
		for (UserId user : told) {
			insert = insert.values(UUID.randomUUID(), user.value(), org.value(), kind.wireName(), project.value(),
					task == null ? null : task.value(), comment == null ? null : comment.value(), actor.value(), detail,
					now);
		}
		insert.execute();
	}

}
