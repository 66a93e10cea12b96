package dev.rampart.ops;

import dev.rampart.audit.AuditTrail;
import dev.rampart.keys.DataKeys;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rotates data keysets older than {@code rampart.keys.rotation-period} (180 days at
 * most), hourly, on one node at a time; each run that rotates something is in the
 * activity log.
 */
@Component
class KeyRotationJob {

	private static final Logger log = LoggerFactory.getLogger(KeyRotationJob.class);

	private final DataKeys keys;

	private final AuditTrail trail;

	KeyRotationJob(DataKeys keys, AuditTrail trail) {
		this.keys = keys;
		this.trail = trail;
	}

	@Scheduled(initialDelayString = "${rampart.keys.rotation-check:1h}",
			fixedDelayString = "${rampart.keys.rotation-check:1h}")
	void rotateDue() {
		int due = (int) keys.status().dueForRotation();
		if (due == 0) {
			return;
		}
		int rotated = trail.operatorAction("keys.rotate", Map.of("count", due), keys::rotateDueExclusively);
		if (rotated >= 0) {
			log.info("Rotated {} data keysets that were older than the rotation period", rotated);
		}
	}

}
