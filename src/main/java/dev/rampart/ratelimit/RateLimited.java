package dev.rampart.ratelimit;

import dev.rampart.shared.RampartException;
import dev.rampart.shared.RetryLater;

/** A budget is used up: wait {@link #retryAfterSeconds()}, then try again. */
public final class RateLimited extends RampartException implements RetryLater {

	private static final long serialVersionUID = 1L;

	private final transient RateLimits.Verdict verdict;

	RateLimited(RateLimits.Verdict verdict) {
		super(Category.TOO_MANY_REQUESTS, "rate limit '" + verdict.budget().policyName() + "' reached; try again in "
				+ verdict.retryAfterSeconds() + " s");
		this.verdict = verdict;
	}

	public RateLimits.Verdict verdict() {
		return verdict;
	}

	@Override
	public long retryAfterSeconds() {
		return verdict.retryAfterSeconds();
	}

}
