package dev.rampart.notify;

import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.notifications.*}: how often mail is assembled ({@code mail-interval},
 * default 30 s), when the daily digest goes ({@code digest-at}, UTC, default 07:00), how
 * often due dates are checked ({@code due-check-interval}, default 15 min), how long
 * notifications are kept ({@code kept}, default 90 days) and how many people one change
 * may notify ({@code max-recipients}, default 5,000: the watchers of a task beyond that
 * are not told, and a warning is logged).
 */
@ConfigurationProperties("rampart.notifications")
public record NotificationSettings(@DefaultValue("30s") Duration mailInterval,
		@DefaultValue("07:00") LocalTime digestAt, @DefaultValue("15m") Duration dueCheckInterval,
		@DefaultValue("90d") Duration kept, @DefaultValue("5000") int maxRecipients) {

	public NotificationSettings {
		if (mailInterval.compareTo(Duration.ofSeconds(1)) < 0 || mailInterval.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("rampart.notifications.mail-interval must be between 1 s and 1 h");
		}
		if (dueCheckInterval.compareTo(Duration.ofSeconds(1)) < 0
				|| dueCheckInterval.compareTo(Duration.ofHours(6)) > 0) {
			throw new IllegalArgumentException("rampart.notifications.due-check-interval must be between 1 s and 6 h");
		}
		if (kept.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("rampart.notifications.kept must be at least a day");
		}
		if (maxRecipients < 1 || maxRecipients > 100_000) {
			throw new IllegalArgumentException("rampart.notifications.max-recipients must be between 1 and 100000");
		}
	}

}
