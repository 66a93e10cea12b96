package dev.rampart.notify.internal;

import static dev.rampart.db.schema.Tables.NOTIFICATIONS;
import static dev.rampart.db.schema.Tables.NOTIFICATION_PREFERENCES;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.db.schema.tables.records.NotificationsRecord;
import dev.rampart.identity.AccountDirectory;
import dev.rampart.mail.MailMessage;
import dev.rampart.mail.MailSettings;
import dev.rampart.mail.Outbox;
import dev.rampart.notify.EmailPreference;
import dev.rampart.notify.Notification;
import dev.rampart.notify.NotificationSettings;
import dev.rampart.notify.Notifications;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Mails notifications through the outbox, each user as they chose: at once (what arrived
 * since the last pass, in one mail), in a daily digest (what arrived before the digest
 * time and is still unread), or never. A pass finds the users with mail due as the schema
 * owner (ids only), then assembles each user's mail in a transaction under that user's
 * own row-level security, so a notification about a task they may no longer read is
 * neither mailed nor hinted at. Rows are claimed with {@code for update skip locked}, so
 * several nodes never mail the same one. Mails say what happened and link to it; they
 * carry no titles or comments (sealed content stays in Rampart).
 */
@Component
class NotificationMail implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(NotificationMail.class);

	/**
	 * Notifications left unmailed this long after they were due are ones their recipient
	 * may not see any more: passed over. Longer than any transaction may run, so one
	 * still being written is never among them.
	 */
	static final Duration PASSED_OVER_AFTER = Duration.ofMinutes(10);

	/** Users served per pass; the rest wait for the next. */
	static final int USERS_PER_PASS = 500;

	/** Notifications in one mail; more are counted, not listed. */
	static final int ITEMS_PER_MAIL = 50;

	private final OwnerDatabase owner;

	private final Database db;

	private final Notifications notifications;

	private final AccountDirectory directory;

	private final Outbox outbox;

	private final MailSettings mail;

	private final NotificationSettings settings;

	private final Clock clock;

	NotificationMail(OwnerDatabase owner, Database db, Notifications notifications, AccountDirectory directory,
			Outbox outbox, MailSettings mail, NotificationSettings settings, Clock clock) {
		this.owner = owner;
		this.db = db;
		this.notifications = notifications;
		this.directory = directory;
		this.outbox = outbox;
		this.mail = mail;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::run, settings.mailInterval(), settings.mailInterval()));
	}

	/** One pass; how many mails were queued. */
	int run() {
		Instant now = Clocks.now(clock);
		Instant digest = notifications.lastDigest(now);
		List<UserId> due = owner.transaction(sql -> sql.selectDistinct(NOTIFICATIONS.USER_ID)
			.from(NOTIFICATIONS)
			.leftJoin(NOTIFICATION_PREFERENCES)
			.on(NOTIFICATION_PREFERENCES.USER_ID.eq(NOTIFICATIONS.USER_ID))
			.where(NOTIFICATIONS.EMAILED_AT.isNull())
			.and(NOTIFICATIONS.CREATED_AT.le(DSL
				.when(DSL.coalesce(NOTIFICATION_PREFERENCES.EMAIL, DSL.inline(EmailPreference.DAILY.wireName()))
					.eq(EmailPreference.DAILY.wireName()), DSL.val(digest))
				.otherwise(DSL.val(now))))
			.limit(USERS_PER_PASS)
			.fetch(r -> new UserId(r.value1())));
		int mails = 0;
		for (UserId user : due) {
			mails += mailTo(user, now, digest) ? 1 : 0;
		}
		if (!due.isEmpty()) {
			// What the users' own passes could not see (tasks they may no longer read).
			Instant before = now.minus(PASSED_OVER_AFTER);
			owner.transaction(sql -> sql.update(NOTIFICATIONS)
				.set(NOTIFICATIONS.EMAILED_AT, now)
				.where(NOTIFICATIONS.USER_ID.in(due.stream().map(UserId::value).toList()))
				.and(NOTIFICATIONS.EMAILED_AT.isNull())
				.and(NOTIFICATIONS.CREATED_AT.lt(before))
				.and(NOTIFICATIONS.CREATED_AT.le(digest)
					.or(DSL.exists(DSL.selectOne()
						.from(NOTIFICATION_PREFERENCES)
						.where(NOTIFICATION_PREFERENCES.USER_ID.eq(NOTIFICATIONS.USER_ID))
						.and(NOTIFICATION_PREFERENCES.EMAIL.ne(EmailPreference.DAILY.wireName())))))
				.execute());
		}
		if (mails > 0) {
			log.info("Queued {} notification mails", mails);
		}
		return mails;
	}

	/**
	 * Claims and mails what is due for {@code user}, as them; whether a mail was queued.
	 */
	private boolean mailTo(UserId user, Instant now, Instant digest) {
		return db.housekeeping(DbContext.user(user), sql -> {
			EmailPreference preference = Notifications.preference(sql, user);
			Instant cutoff = preference == EmailPreference.DAILY ? digest : now;
			List<NotificationsRecord> claimed = sql.selectFrom(NOTIFICATIONS)
				.where(NOTIFICATIONS.USER_ID.eq(user.value()))
				.and(NOTIFICATIONS.EMAILED_AT.isNull())
				.and(NOTIFICATIONS.CREATED_AT.le(cutoff))
				.orderBy(NOTIFICATIONS.CREATED_AT, NOTIFICATIONS.ID)
				.forUpdate()
				.skipLocked()
				.fetch();
			if (claimed.isEmpty()) {
				return false;
			}
			sql.update(NOTIFICATIONS)
				.set(NOTIFICATIONS.EMAILED_AT, now)
				.where(NOTIFICATIONS.ID.in(claimed.stream().map(NotificationsRecord::getId).toList()))
				.execute();
			List<NotificationsRecord> unread = claimed.stream().filter(r -> r.getReadAt() == null).toList();
			if (preference == EmailPreference.OFF || unread.isEmpty()) {
				return false;
			}
			AccountDirectory.Contact contact = directory.contacts(sql, List.of(user)).get(user);
			if (contact == null) {
				return false;
			}
			List<Notification> shown = notifications.named(sql, unread);
			outbox.enqueue(sql, "notifications", message(contact, shown, preference));
			return true;
		});
	}

	private MailMessage message(AccountDirectory.Contact to, List<Notification> shown, EmailPreference preference) {
		String items = shown.stream()
			.limit(ITEMS_PER_MAIL)
			.map(n -> "- " + n.summary() + ": " + link(n))
			.collect(Collectors.joining("\n"));
		if (shown.size() > ITEMS_PER_MAIL) {
			items += "\n- and " + (shown.size() - ITEMS_PER_MAIL) + " more";
		}
		String subject = shown.size() == 1 ? "Rampart: " + shown.get(0).summary()
				: "Rampart: " + shown.size() + " new notifications";
		return new MailMessage(to.email(), "notifications", subject,
				Map.of("name", to.displayName(), "items", items, "link", mail.publicUrl() + "/notifications", "digest",
						preference == EmailPreference.DAILY ? "yes" : "", "settings",
						mail.publicUrl() + "/account/notifications"));
	}

	private String link(Notification notification) {
		return notification.task()
			.map(task -> mail.publicUrl() + "/tasks/" + task.value())
			.orElseGet(() -> mail.publicUrl() + "/projects/" + notification.project().value());
	}

}
