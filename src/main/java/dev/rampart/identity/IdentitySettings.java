package dev.rampart.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.identity.*}: password, session, CSRF-token and device-cookie policy, and
 * the account lifecycle: link lifetimes, the step-up window, API-token and invitation
 * limits.
 */
@ConfigurationProperties("rampart.identity")
public record IdentitySettings(@DefaultValue("12") int bcryptCost, @DefaultValue("8") int passwordMinLength,
		@DefaultValue("256") int passwordMaxLength, @DefaultValue("3") int passwordMinScore,
		@DefaultValue("30m") Duration sessionIdleTimeout, @DefaultValue("12h") Duration sessionAbsoluteTimeout,
		@DefaultValue("10m") Duration csrfTokenLifetime, @DefaultValue("365d") Duration knownDeviceLifetime,
		@DefaultValue("24h") Duration emailVerificationLifetime, @DefaultValue("30m") Duration passwordResetLifetime,
		@DefaultValue("5m") Duration mfaChallengeLifetime, @DefaultValue("true") boolean verifiedEmailToJoin,
		@DefaultValue("365d") Duration apiTokenMaxLifetime, @DefaultValue("7d") Duration invitationLifetime,
		@DefaultValue("3") int resetMailsPerHour) {

	public IdentitySettings {
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
		if (csrfTokenLifetime.compareTo(Duration.ofSeconds(10)) < 0
				|| csrfTokenLifetime.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("rampart.identity.csrf-token-lifetime must be between 10s and 1h");
		}
		if (emailVerificationLifetime.compareTo(Duration.ofMinutes(10)) < 0
				|| emailVerificationLifetime.compareTo(Duration.ofDays(7)) > 0) {
			throw new IllegalArgumentException(
					"rampart.identity.email-verification-lifetime must be between 10m and 7d");
		}
		if (passwordResetLifetime.compareTo(Duration.ofMinutes(5)) < 0
				|| passwordResetLifetime.compareTo(Duration.ofHours(2)) > 0) {
			throw new IllegalArgumentException("rampart.identity.password-reset-lifetime must be between 5m and 2h");
		}
		if (mfaChallengeLifetime.compareTo(Duration.ofMinutes(1)) < 0
				|| mfaChallengeLifetime.compareTo(Duration.ofMinutes(15)) > 0) {
			throw new IllegalArgumentException("rampart.identity.mfa-challenge-lifetime must be between 1m and 15m");
		}
		if (apiTokenMaxLifetime.compareTo(Duration.ofDays(1)) < 0
				|| apiTokenMaxLifetime.compareTo(Duration.ofDays(366)) > 0) {
			throw new IllegalArgumentException("rampart.identity.api-token-max-lifetime must be between 1d and 366d");
		}
		if (invitationLifetime.compareTo(Duration.ofHours(1)) < 0
				|| invitationLifetime.compareTo(Duration.ofDays(30)) > 0) {
			throw new IllegalArgumentException("rampart.identity.invitation-lifetime must be between 1h and 30d");
		}
		if (resetMailsPerHour < 1 || resetMailsPerHour > 20) {
			throw new IllegalArgumentException("rampart.identity.reset-mails-per-hour must be between 1 and 20");
		}
		if (knownDeviceLifetime.compareTo(Duration.ofDays(1)) < 0
				|| knownDeviceLifetime.compareTo(Duration.ofDays(400)) > 0) {
			throw new IllegalArgumentException("rampart.identity.known-device-lifetime must be between 1d and 400d");
		}
	}

}
