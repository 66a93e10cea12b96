package dev.rampart.ratelimit;

/**
 * What a bucket limits; each has its own capacity per period in
 * {@link RateLimitSettings}.
 */
public enum Budget {

	/** Every API request from one source address, signed in or not. */
	ADDRESS("address"),
	/** Every API request of one user, across all their sessions and tokens. */
	USER("user"),
	/** Every API request made with one session or API token. */
	TOKEN("token"),
	/**
	 * The estimated cost of a user's GraphQL operations (the same estimate as the
	 * complexity limit).
	 */
	GRAPHQL_COST("graphql"),
	/** Expensive REST routes of one user: search and exports. */
	EXPENSIVE("expensive");

	private final String policyName;

	Budget(String policyName) {
		this.policyName = policyName;
	}

	/** The name used in keys and in the RateLimit-Policy header. */
	public String policyName() {
		return policyName;
	}

}
