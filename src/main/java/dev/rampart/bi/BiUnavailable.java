package dev.rampart.bi;

import dev.rampart.shared.RampartException;
import dev.rampart.shared.RetryLater;

/**
 * The BI database cannot be reached or started just now: nothing was changed; try again
 * (HTTP 503, with Retry-After). Rampart itself goes on working without it.
 */
public final class BiUnavailable extends RampartException implements RetryLater {

	private static final long serialVersionUID = 1L;

	BiUnavailable() {
		super(Category.UNAVAILABLE, "the BI database is unavailable at the moment; try again in a minute");
	}

	@Override
	public long retryAfterSeconds() {
		return 30;
	}

}
