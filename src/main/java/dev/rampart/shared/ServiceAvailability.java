package dev.rampart.shared;

import org.jspecify.annotations.Nullable;

/**
 * Whether the services a request needs (the database) can serve it, for the adapters and
 * web filters that must answer 503 with Retry-After instead of failing (the database
 * module implements it). Lets them tell an outage from a bug without knowing how the
 * database is reached.
 */
public interface ServiceAvailability {

	/**
	 * False while a needed service is known to be down: refuse at once, touch nothing.
	 */
	boolean isAvailable();

	/** Seconds a refused client should wait before trying again. */
	long retryAfterSeconds();

	/**
	 * Whether {@code failure} (or one of its causes) means a needed service could not
	 * serve the request.
	 */
	boolean unavailable(@Nullable Throwable failure);

}
