package dev.rampart.shared;

/**
 * Base of every error a module reports on purpose. Each subclass names what happened; its
 * {@link Category} tells the adapters how to answer. Messages are written for the caller
 * and never contain secrets, SQL or stack details.
 */
public abstract class RampartException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** How an adapter answers the error. */
	public enum Category {

		/** The input is malformed or breaks a rule (HTTP 400). */
		INVALID,
		/** Credentials are missing or wrong (HTTP 401). */
		UNAUTHENTICATED,
		/** The actor may see the resource but not do this (HTTP 403). */
		FORBIDDEN,
		/** No such resource, or one the actor may not see (HTTP 404). */
		NOT_FOUND,
		/** The change conflicts with the current state (HTTP 409). */
		CONFLICT,
		/** The caller's version of the resource is stale (HTTP 412). */
		STALE,
		/** The request lacks a required precondition such as If-Match (HTTP 428). */
		PRECONDITION_REQUIRED,
		/** Too many attempts; try again later (HTTP 429, with Retry-After). */
		TOO_MANY_REQUESTS,
		/** The content is larger than a limit or a quota allows (HTTP 413). */
		TOO_LARGE,
		/**
		 * A service the request needs (the database) is down or overloaded; try again
		 * later (HTTP 503, with Retry-After).
		 */
		UNAVAILABLE

	}

	private final Category category;

	protected RampartException(Category category, String message) {
		super(message, null, false, false);
		this.category = category;
	}

	public Category category() {
		return category;
	}

	/** A short stable name of the error, used as the problem type. */
	/**
	 * The error's name for clients, in kebab case ("stale-version"): REST problem types
	 * and GraphQL error codes.
	 */
	public String code() {
		return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
