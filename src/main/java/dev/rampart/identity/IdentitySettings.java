package dev.rampart.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code rampart.identity.*}: password, session, CSRF-token and device-cookie policy. */
@ConfigurationProperties("rampart.identity")
record IdentitySettings(@DefaultValue("12") int bcryptCost, @DefaultValue("8") int passwordMinLength,
		@DefaultValue("256") int passwordMaxLength, @DefaultValue("3") int passwordMinScore,
		@DefaultValue("30m") Duration sessionIdleTimeout, @DefaultValue("12h") Duration sessionAbsoluteTimeout,
		@DefaultValue("10m") Duration csrfTokenLifetime,
		@DefaultValue("365d") Duration knownDeviceLifetime) {

	IdentitySettings {
		if (bcryptCost < 10 || bcryptCost > 31) {
			throw new IllegalArgumentException("rampart.identity.bcrypt-cost must be between 10 and 31");
		}
		if (passwordMinLength < 8 || passwordMaxLength < passwordMinLength || passwordMaxLength > 4096) {
			throw new IllegalArgumentException("password length limits must satisfy 8 <= min <= max <= 4096");
		}
		if (passwordMinScore < 0 || passwordMinScore > 4) {
			throw new IllegalArgumentException("rampart.identity.password-min-score must be between 0 and 4");
		}
		if (sessionIdleTimeout.compareTo(Duration.ofMinutes(1)) < 0
				|| sessionAbsoluteTimeout.compareTo(sessionIdleTimeout) < 0) {
			throw new IllegalArgumentException("session timeouts must satisfy 1 min <= idle <= absolute");
		}
		if (csrfTokenLifetime.compareTo(Duration.ofSeconds(10)) < 0 || csrfTokenLifetime.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("rampart.identity.csrf-token-lifetime must be between 10s and 1h");
		}
		if (knownDeviceLifetime.compareTo(Duration.ofDays(1)) < 0 || knownDeviceLifetime.compareTo(Duration.ofDays(400)) > 0) {
			throw new IllegalArgumentException("rampart.identity.known-device-lifetime must be between 1d and 400d");
		}
	}

}
