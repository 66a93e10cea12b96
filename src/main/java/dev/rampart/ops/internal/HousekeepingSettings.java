package dev.rampart.ops.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.housekeeping.*}.
 *
 * @param interval how often expired ceremonies, used tokens and old mails are removed (1m
 * to 24h)
 */
@ConfigurationProperties("rampart.housekeeping")
record HousekeepingSettings(@DefaultValue("1h") Duration interval) {

	HousekeepingSettings {
		if (interval.compareTo(Duration.ofMinutes(1)) < 0 || interval.compareTo(Duration.ofHours(24)) > 0) {
			throw new IllegalArgumentException("rampart.housekeeping.interval must be between 1m and 24h");
		}
	}

}
