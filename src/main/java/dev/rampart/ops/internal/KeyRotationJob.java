package dev.rampart.ops.internal;

import dev.rampart.audit.AuditTrail;
import dev.rampart.keys.KeyReport;
import dev.rampart.keys.KeyRotation;
import dev.rampart.keys.KeySettings;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Rotates data keysets older than {@code rampart.keys.rotation-period} (180 days at
 * most), hourly, on one node at a time; each run that rotates something is in the
 * activity log.
 */
@Component
class KeyRotationJob implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(KeyRotationJob.class);

	private final KeyRotation keys;

	private final KeyReport report;

	private final AuditTrail trail;

	private final KeySettings settings;

	KeyRotationJob(KeyRotation keys, KeyReport report, AuditTrail trail, KeySettings settings) {
		this.report = report;
		this.keys = keys;
		this.trail = trail;
		this.settings = settings;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks
			.addFixedDelayTask(new FixedDelayTask(this::rotateDue, settings.rotationCheck(), settings.rotationCheck()));
		tasks.addFixedDelayTask(new FixedDelayTask(this::layerOrganizationKeys, settings.rotationCheck(),
				java.time.Duration.ofSeconds(5)));
	}

	/**
	 * Soon after start: keysets from before organization keys existed move under them, so
	 * deleting such an organization also shreds it in backups taken from then on.
	 */
	void layerOrganizationKeys() {
		int layered = keys.layerOrganizationKeys();
		if (layered > 0) {
			log.info("Wrapped {} data keysets with their organization's key", layered);
		}
	}

	void rotateDue() {
		int due = (int) report.status().dueForRotation();
		if (due == 0) {
			return;
		}
		int rotated = trail.operatorAction("keys.rotate", Map.of("count", due), keys::rotateDueExclusively);
		if (rotated >= 0) {
			log.info("Rotated {} data keysets that were older than the rotation period", rotated);
		}
	}

}
