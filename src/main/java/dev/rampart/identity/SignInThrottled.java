package dev.rampart.identity;

import dev.rampart.shared.RampartException;
import dev.rampart.shared.RetryLater;

/**
 * Too many failed sign-ins for this account or from this address: wait, then try again.
 */
public final class SignInThrottled extends RampartException implements RetryLater {

	private static final long serialVersionUID = 1L;

	private final long retryAfterSeconds;

	SignInThrottled(long retryAfterSeconds) {
		super(Category.TOO_MANY_REQUESTS, "too many failed sign-ins; try again in " + retryAfterSeconds + " s");
		this.retryAfterSeconds = retryAfterSeconds;
	}

	@Override
	public long retryAfterSeconds() {
		return retryAfterSeconds;
	}

}
