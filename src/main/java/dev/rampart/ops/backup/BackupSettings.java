package dev.rampart.ops.backup;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.backup.*}: where backups go, when the service takes them, and which it
 * keeps.
 *
 * @param directory where backups are written and looked for (default
 * {@code $RAMPART_HOME/backups}; put it on another disk or mount)
 * @param schedule a Spring cron expression for the service's own backups (default 02:15
 * every night), or {@code -} for none
 * @param keepDaily the newest backup of each of this many days is kept
 * @param keepWeekly the newest of each of this many ISO weeks
 * @param keepMonthly the newest of each of this many months
 */
@ConfigurationProperties("rampart.backup")
public record BackupSettings(@Nullable Path directory, @DefaultValue("0 15 2 * * *") String schedule,
		@DefaultValue("7") int keepDaily, @DefaultValue("4") int keepWeekly, @DefaultValue("6") int keepMonthly) {

	public BackupSettings {
		if (keepDaily < 1 || keepWeekly < 0 || keepMonthly < 0 || keepDaily > 1000 || keepWeekly > 1000
				|| keepMonthly > 1000) {
			throw new IllegalArgumentException(
					"rampart.backup.keep-daily must be 1 to 1000, keep-weekly and keep-monthly 0 to 1000");
		}
		if (!schedule.equals("-")
				&& !org.springframework.scheduling.support.CronExpression.isValidExpression(schedule)) {
			throw new IllegalArgumentException("rampart.backup.schedule must be a cron expression or -");
		}
	}

	Retention retention() {
		return new Retention(keepDaily, keepWeekly, keepMonthly);
	}

}
