package dev.rampart.ops.backup;

import dev.rampart.audit.AuditTrail;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * The service's own backups on {@code rampart.backup.schedule}, while it serves (with the
 * embedded database, the only way to take one without stopping it), each followed by
 * pruning; both in the activity log. With several nodes one takes it and the others skip
 * that run.
 */
@Component
class BackupSchedule implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

	private final Backups backups;

	private final AuditTrail trail;

	private final BackupSettings settings;

	private final boolean cli;

	BackupSchedule(Backups backups, AuditTrail trail, BackupSettings settings,
			@Value("${rampart.cli:false}") boolean cli) {
		this.backups = backups;
		this.trail = trail;
		this.settings = settings;
		this.cli = cli;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		if (!cli && !settings.schedule().equals("-")) {
			tasks.addTriggerTask(this::run, new CronTrigger(settings.schedule()));
		}
	}

	void run() {
		try {
			Backups.Summary taken = trail.operatorAction("backup.create", Map.of("scheduled", true),
					() -> backups.createUnlessRunning(Progress.NONE));
			if (taken == null) {
				log.info("Scheduled backup skipped: another node is taking one");
				return;
			}
			log.info("Backup {} taken: {} rows, {} files, {} bytes", taken.name(), taken.rows(), taken.files(),
					taken.archiveBytes());
			List<String> pruned = trail.operatorAction("backup.prune", Map.of("scheduled", true), backups::prune);
			if (!pruned.isEmpty()) {
				log.info("Pruned {} backups the retention policy does not keep", pruned.size());
			}
		}
		catch (RuntimeException ex) {
			log.error("Scheduled backup failed ({}); the next run tries again", ex.getClass().getSimpleName(), ex);
		}
	}

}
