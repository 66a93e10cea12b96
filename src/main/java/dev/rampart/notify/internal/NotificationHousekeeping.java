package dev.rampart.notify.internal;

import static dev.rampart.db.schema.Tables.NOTIFICATIONS;

import dev.rampart.db.OwnerDatabase;
import dev.rampart.notify.NotificationSettings;
import dev.rampart.shared.Clocks;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Removes notifications older than {@code rampart.notifications.kept}, hourly; deleting
 * is idempotent, so every node may run it.
 */
@Component
class NotificationHousekeeping implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(NotificationHousekeeping.class);

	private final OwnerDatabase owner;

	private final NotificationSettings settings;

	private final Clock clock;

	NotificationHousekeeping(OwnerDatabase owner, NotificationSettings settings, Clock clock) {
		this.owner = owner;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::run, Duration.ofHours(1), Duration.ofMinutes(5)));
	}

	int run() {
		int removed = owner.transaction(sql -> sql.deleteFrom(NOTIFICATIONS)
			.where(NOTIFICATIONS.CREATED_AT.lt(Clocks.now(clock).minus(settings.kept())))
			.execute());
		if (removed > 0) {
			log.info("Removed {} notifications older than {}", removed, settings.kept());
		}
		return removed;
	}

}
