package dev.rampart.ratelimit;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.rate-limit.*}: capacities per {@code period} (a bucket refills evenly
 * over the period and holds at most its capacity, so bursts up to the capacity are
 * allowed).
 *
 * @param enabled turn all rate limits off (for a benchmark or a scan only)
 * @param period the refill period of every bucket
 * @param perAddress requests per period from one source address
 * @param perUser requests per period of one user
 * @param perToken requests per period with one session or API token
 * @param graphqlCostPerUser GraphQL cost points per period of one user
 * @param expensivePerUser requests per period of one user to the expensive routes
 * @param expensiveRoutes Ant-style path patterns of the expensive routes
 * @param sweepInterval how often idle buckets are deleted
 * @param maxUnsynchronizedShare share of a bucket's capacity one node may hand out before
 * it writes back to PostgreSQL (0 = every request goes to the database, exact across
 * nodes; the default 0.05 lets n nodes overshoot a limit by at most n x 5 %, and saves
 * most round trips)
 * @param maxUnsynchronizedTime longest a node keeps charges to itself
 * @param cachedBuckets buckets kept in memory per node (least recently used go first)
 */
@ConfigurationProperties("rampart.rate-limit")
record RateLimitSettings(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration period,
		@DefaultValue("1200") long perAddress, @DefaultValue("600") long perUser, @DefaultValue("300") long perToken,
		@DefaultValue("50000") long graphqlCostPerUser, @DefaultValue("30") long expensivePerUser, @DefaultValue( {
				"/api/v1/**/search", "/api/v1/**/export", "/api/v1/**/export/**",
				"/api/v1/orgs/*/projects/from-template", "/api/v1/orgs/*/imports" }) List<String> expensiveRoutes,
		@DefaultValue("5m") Duration sweepInterval, @DefaultValue("0.05") double maxUnsynchronizedShare,
		@DefaultValue("500ms") Duration maxUnsynchronizedTime, @DefaultValue("50000") int cachedBuckets){

	public RateLimitSettings {
		if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("rampart.rate-limit.period must be between 1s and 1d");
		}
		for (long capacity : new long[] { perAddress, perUser, perToken, graphqlCostPerUser, expensivePerUser }) {
			// Bucket4j refills at most one token per nanosecond.
			if (capacity < 1 || capacity > period.toNanos()) {
				throw new IllegalArgumentException("rampart.rate-limit capacities must be between 1 and the period in "
						+ "nanoseconds (" + period.toNanos() + ")");
			}
		}
		if (maxUnsynchronizedShare < 0 || maxUnsynchronizedShare > 0.5 || maxUnsynchronizedTime.isNegative()
				|| maxUnsynchronizedTime.compareTo(Duration.ofMinutes(1)) > 0 || cachedBuckets < 100) {
			throw new IllegalArgumentException("rampart.rate-limit: max-unsynchronized-share must be 0..0.5, "
					+ "max-unsynchronized-time 0..1m, cached-buckets >= 100");
		}
		if (sweepInterval.compareTo(Duration.ofSeconds(10)) < 0) {
			throw new IllegalArgumentException("rampart.rate-limit.sweep-interval must be at least 10s");
		}
	}

	long capacity(Budget budget) {
		return switch (budget) {
			case ADDRESS -> perAddress;
			case USER -> perUser;
			case TOKEN -> perToken;
			case GRAPHQL_COST -> graphqlCostPerUser;
			case EXPENSIVE -> expensivePerUser;
		};
	}

}
