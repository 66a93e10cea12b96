package dev.rampart.notify;

import static dev.rampart.db.schema.Tables.NOTIFICATIONS;
import static dev.rampart.db.schema.Tables.NOTIFICATION_PREFERENCES;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.NotificationsRecord;
import dev.rampart.identity.AccountDirectory;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.CommentId;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import dev.rampart.work.Page;
import dev.rampart.work.PageRequest;
import dev.rampart.work.TaskHeadlines;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * A user's own notifications: the list, the unread count, marking read, and when they are
 * mailed. Everything runs under the user's own row-level security: a notification about a
 * task they may no longer read is neither listed nor counted. These calls concern only
 * the caller's own notifications, so they need no permission beyond being signed in;
 * read-only credentials may list but not mark.
 */
@Service
@EnableConfigurationProperties(NotificationSettings.class)
public class Notifications {

	private final Database db;

	private final TaskHeadlines headlines;

	private final AccountDirectory directory;

	private final NotificationSettings settings;

	private final Clock clock;

	private final dev.rampart.access.AccessPolicy access;

	Notifications(Database db, TaskHeadlines headlines, AccountDirectory directory, NotificationSettings settings,
			Clock clock, dev.rampart.access.AccessPolicy access) {
		this.db = db;
		this.headlines = headlines;
		this.directory = directory;
		this.settings = settings;
		this.clock = clock;
		this.access = access;
	}

	/** Newest first; {@code unreadOnly} leaves out what was read. */
	public Page<Notification> list(Actor actor, boolean unreadOnly, PageRequest page) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			Condition condition = NOTIFICATIONS.USER_ID.eq(actor.userId().value());
			if (unreadOnly) {
				condition = condition.and(NOTIFICATIONS.READ_AT.isNull());
			}
			if (page.after().isPresent()) {
				condition = condition.and(DSL.row(NOTIFICATIONS.CREATED_AT, NOTIFICATIONS.ID)
					.lt(page.after().get().createdAt(), page.after().get().id()));
			}
			List<NotificationsRecord> rows = sql.selectFrom(NOTIFICATIONS)
				.where(condition)
				.orderBy(NOTIFICATIONS.CREATED_AT.desc(), NOTIFICATIONS.ID.desc())
				.limit(page.limit() + 1)
				.fetch();
			return Page.of(named(sql, rows), page.limit(),
					last -> new PageRequest.Position(last.createdAt(), last.id()));
		});
	}

	/** How many unread notifications the user may see. */
	public int unreadCount(Actor actor) {
		return db.read(DbContext.user(actor.userId()), sql -> sql.fetchCount(NOTIFICATIONS,
				NOTIFICATIONS.USER_ID.eq(actor.userId().value()).and(NOTIFICATIONS.READ_AT.isNull())));
	}

	/** Marks one read (again: idempotent); not found if it is not the caller's to see. */
	public Notification markRead(Actor actor, UUID id) {
		access.requireMayChange(actor);
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			NotificationsRecord row = sql.selectFrom(NOTIFICATIONS)
				.where(NOTIFICATIONS.ID.eq(id))
				.and(NOTIFICATIONS.USER_ID.eq(actor.userId().value()))
				.fetchOptional()
				.orElseThrow(() -> new NotFound("notification"));
			if (row.getReadAt() == null) {
				sql.update(NOTIFICATIONS)
					.set(NOTIFICATIONS.READ_AT, now)
					.where(NOTIFICATIONS.ID.eq(id))
					.and(NOTIFICATIONS.USER_ID.eq(actor.userId().value()))
					.execute();
				row.setReadAt(now);
			}
			return named(sql, List.of(row)).get(0);
		});
	}

	/** Marks every unread notification the caller can see read; how many. */
	public int markAllRead(Actor actor) {
		access.requireMayChange(actor);
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()),
				sql -> sql.update(NOTIFICATIONS)
					.set(NOTIFICATIONS.READ_AT, now)
					.where(NOTIFICATIONS.USER_ID.eq(actor.userId().value()))
					.and(NOTIFICATIONS.READ_AT.isNull())
					.execute());
	}

	/** When the caller's notifications are mailed (daily unless they chose). */
	public EmailPreference emailPreference(Actor actor) {
		return db.read(DbContext.user(actor.userId()), sql -> preference(sql, actor.userId()));
	}

	/**
	 * Changes when the caller's notifications are mailed; those not yet mailed follow the
	 * new choice (it is read when the mail is assembled).
	 */
	public EmailPreference setEmailPreference(Actor actor, EmailPreference preference) {
		access.requireMayChange(actor);
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			sql.insertInto(NOTIFICATION_PREFERENCES)
				.set(NOTIFICATION_PREFERENCES.USER_ID, actor.userId().value())
				.set(NOTIFICATION_PREFERENCES.EMAIL, preference.wireName())
				.set(NOTIFICATION_PREFERENCES.UPDATED_AT, now)
				.onConflict(NOTIFICATION_PREFERENCES.USER_ID)
				.doUpdate()
				.set(NOTIFICATION_PREFERENCES.EMAIL, preference.wireName())
				.set(NOTIFICATION_PREFERENCES.UPDATED_AT, now)
				.execute();
			return preference;
		});
	}

	/** A user's preference, read in {@code sql}'s transaction. */
	public static EmailPreference preference(DSLContext sql, UserId user) {
		return sql.select(NOTIFICATION_PREFERENCES.EMAIL)
			.from(NOTIFICATION_PREFERENCES)
			.where(NOTIFICATION_PREFERENCES.USER_ID.eq(user.value()))
			.fetchOptional(NOTIFICATION_PREFERENCES.EMAIL)
			.map(value -> EmailPreference.parse("email", value))
			.orElse(EmailPreference.DAILY);
	}

	/**
	 * The latest digest time at or before {@code now}: a daily digest mails what arrived
	 * before it.
	 */
	public Instant lastDigest(Instant now) {
		Instant today = LocalDate.ofInstant(now, ZoneOffset.UTC).atTime(settings.digestAt()).toInstant(ZoneOffset.UTC);
		return today.isAfter(now) ? today.minus(java.time.Duration.ofDays(1)) : today;
	}

	/**
	 * The rows as their reader sees them: the task's key and title and the actor's name
	 * read in the reader's transaction (row-level security leaves out what they may not
	 * see).
	 */
	public List<Notification> named(DSLContext sql, List<NotificationsRecord> rows) {
		Map<TaskId, TaskHeadlines.Headline> tasks = headlines.of(sql,
				rows.stream().map(NotificationsRecord::getTaskId).filter(Objects::nonNull).map(TaskId::new).toList());
		Map<UserId, String> names = directory.displayNames(sql,
				rows.stream().map(NotificationsRecord::getActorId).filter(Objects::nonNull).map(UserId::new).toList());
		return rows.stream().map(r -> {
			Optional<TaskId> task = Optional.ofNullable(r.getTaskId()).map(TaskId::new);
			Optional<TaskHeadlines.Headline> headline = task.map(tasks::get);
			Optional<UserId> actor = Optional.ofNullable(r.getActorId()).map(UserId::new);
			return new Notification(r.getId(), NotificationKind.parse("kind", r.getKind()), new OrgId(r.getOrgId()),
					new ProjectId(r.getProjectId()), task, headline.flatMap(TaskHeadlines.Headline::key),
					headline.map(TaskHeadlines.Headline::title),
					Optional.ofNullable(r.getCommentId()).map(CommentId::new), actor, actor.map(names::get),
					Optional.ofNullable(r.getDetail()), r.getCreatedAt(), Optional.ofNullable(r.getReadAt()));
		}).toList();
	}

}
