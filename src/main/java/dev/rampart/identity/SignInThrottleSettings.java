package dev.rampart.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.identity.sign-in-throttle.*}: from the {@code accountThreshold}-th
 * failed sign-in for one account (or the {@code addressThreshold}-th from one source
 * address) within {@code window}, further attempts wait {@code baseDelay} × 2^(failures −
 * threshold), at most {@code maxDelay}. Never a permanent lock: the wait is bounded and a
 * success clears the account.
 */
@ConfigurationProperties("rampart.identity.sign-in-throttle")
record SignInThrottleSettings(@DefaultValue("5") int accountThreshold, @DefaultValue("50") int addressThreshold,
		@DefaultValue("1s") Duration baseDelay, @DefaultValue("15m") Duration maxDelay,
		@DefaultValue("15m") Duration window) {

	SignInThrottleSettings {
		if (accountThreshold < 1 || addressThreshold < 1 || baseDelay.isNegative() || baseDelay.isZero()
				|| maxDelay.compareTo(baseDelay) < 0 || maxDelay.compareTo(Duration.ofDays(1)) > 0
				|| window.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("rampart.identity.sign-in-throttle settings are out of range");
		}
	}

}
