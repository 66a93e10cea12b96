package dev.rampart.db;

import dev.rampart.shared.RampartException;
import dev.rampart.shared.RetryLater;

/**
 * The database is down or has no connection free in time: nothing was changed; try again
 * shortly.
 */
public final class DatabaseUnavailable extends RampartException implements RetryLater {

	private static final long serialVersionUID = 1L;

	private final long retryAfterSeconds;

	DatabaseUnavailable(long retryAfterSeconds) {
		super(Category.UNAVAILABLE, "the database is unavailable at the moment; try again in a few seconds");
		this.retryAfterSeconds = retryAfterSeconds;
	}

	@Override
	public long retryAfterSeconds() {
		return retryAfterSeconds;
	}

}
