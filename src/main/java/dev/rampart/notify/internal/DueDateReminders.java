package dev.rampart.notify.internal;

import static dev.rampart.db.schema.Tables.NOTIFICATIONS;
import static dev.rampart.db.schema.Tables.TASK_WATCHERS;

import dev.rampart.db.OwnerDatabase;
import dev.rampart.notify.NotificationKind;
import dev.rampart.notify.NotificationSettings;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import dev.rampart.work.TaskHeadlines;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Tells a task's assignee and watchers when it is due tomorrow and when it has become
 * overdue (up to a week past its date, so a node that was down catches up without
 * reminding of every old task), once per task, person and due date: a unique index makes
 * a second pass, or a second node, add nothing. Written as the schema owner; whether a
 * recipient may read the task is decided when the notification is listed or mailed, under
 * their own row-level security. Days are UTC days.
 */
@Component
class DueDateReminders implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(DueDateReminders.class);

	/** Overdue tasks are reminded of up to this many days after their due date. */
	static final int OVERDUE_DAYS = 7;

	/** Tasks looked at per pass; more wait for the next. */
	static final int TASKS_PER_PASS = 10_000;

	private final OwnerDatabase owner;

	private final TaskHeadlines headlines;

	private final NotificationSettings settings;

	private final Clock clock;

	DueDateReminders(OwnerDatabase owner, TaskHeadlines headlines, NotificationSettings settings, Clock clock) {
		this.owner = owner;
		this.headlines = headlines;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::run, settings.dueCheckInterval(), Duration.ofSeconds(20)));
	}

	/** One pass; how many notifications it added. */
	int run() {
		Instant now = Clocks.now(clock);
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		int added = owner.transaction(sql -> {
			List<TaskHeadlines.Due> due = headlines.unfinishedDue(sql, today.minusDays(OVERDUE_DAYS), today.plusDays(1),
					TASKS_PER_PASS);
			Map<TaskId, Set<UserId>> watchers = watchers(sql, due);
			int inserted = 0;
			for (TaskHeadlines.Due task : due) {
				NotificationKind kind = task.dueDate().isAfter(today) ? NotificationKind.DUE_TOMORROW
						: task.dueDate().isBefore(today) ? NotificationKind.OVERDUE : null;
				if (kind == null) {
					continue; // due today: told yesterday, overdue tomorrow
				}
				Set<UserId> recipients = new LinkedHashSet<>();
				task.assignee().ifPresent(recipients::add);
				recipients.addAll(watchers.getOrDefault(task.task(), Set.of()));
				for (UserId user : recipients) {
					inserted += sql.insertInto(NOTIFICATIONS)
						.set(NOTIFICATIONS.ID, UUID.randomUUID())
						.set(NOTIFICATIONS.USER_ID, user.value())
						.set(NOTIFICATIONS.ORG_ID, task.org().value())
						.set(NOTIFICATIONS.KIND, kind.wireName())
						.set(NOTIFICATIONS.PROJECT_ID, task.project().value())
						.set(NOTIFICATIONS.TASK_ID, task.task().value())
						.set(NOTIFICATIONS.DETAIL, task.dueDate().toString())
						.set(NOTIFICATIONS.CREATED_AT, now)
						.onConflictDoNothing()
						.execute();
				}
			}
			return inserted;
		});
		if (added > 0) {
			log.info("Due-date reminders: {} notifications", added);
		}
		return added;
	}

	private static Map<TaskId, Set<UserId>> watchers(DSLContext sql, List<TaskHeadlines.Due> due) {
		Map<TaskId, Set<UserId>> found = new HashMap<>();
		List<UUID> ids = new ArrayList<>();
		due.forEach(task -> ids.add(task.task().value()));
		for (int from = 0; from < ids.size(); from += 1_000) {
			sql.select(TASK_WATCHERS.TASK_ID, TASK_WATCHERS.USER_ID)
				.from(TASK_WATCHERS)
				.where(TASK_WATCHERS.TASK_ID.in(ids.subList(from, Math.min(ids.size(), from + 1_000))))
				.and(TASK_WATCHERS.WATCHING)
				.forEach(r -> found.computeIfAbsent(new TaskId(r.value1()), t -> new LinkedHashSet<>())
					.add(new UserId(r.value2())));
		}
		return found;
	}

}
