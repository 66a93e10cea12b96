package dev.rampart.shared;

/** An error the caller may retry after a while; adapters send the wait as Retry-After. */
public interface RetryLater {

	long retryAfterSeconds();

}
