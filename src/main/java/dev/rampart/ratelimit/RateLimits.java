package dev.rampart.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import dev.rampart.db.BucketStore;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import java.util.LinkedHashMap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.util.AntPathMatcher;

/**
 * Token buckets in PostgreSQL (Bucket4j, {@code SELECT ... FOR UPDATE}): every node of
 * the service draws from the same row, so a limit holds across nodes. Each node may hand
 * out a small configured share of a bucket before writing back (Bucket4j's delaying
 * optimisation), which bounds the overshoot at n nodes x that share and spares most
 * requests the round trips; with the share at 0 the limit is exact. Buckets refill evenly
 * over the period; idle ones expire and are swept. Control C14 (docs/controls.md).
 */
@Service
@EnableConfigurationProperties(RateLimitSettings.class)
public class RateLimits implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

	private static final int MAX_SUBJECT = 150;

	private static final AntPathMatcher MATCHER = new AntPathMatcher();

	/**
	 * The outcome of one charge: {@code limit} and {@code remaining} in the budget's
	 * units, {@code resetSeconds} until the bucket is full again,
	 * {@code retryAfterSeconds} until the refused charge would succeed (0 when allowed).
	 */
	public record Verdict(Budget budget, boolean allowed, long limit, long remaining, long resetSeconds,
			long retryAfterSeconds, long windowSeconds) {

		/**
		 * The RateLimit-Policy and RateLimit header values (IETF draft
		 * {@code draft-ietf-httpapi-ratelimit-headers}): quota and window, remaining and
		 * reset.
		 */
		public Map<String, String> headers() {
			String name = "\"" + budget.policyName() + "\"";
			return Map.of("RateLimit-Policy", name + ";q=" + limit + ";w=" + windowSeconds, "RateLimit",
					name + ";r=" + remaining + ";t=" + resetSeconds);
		}

		/**
		 * The share of the budget left, to pick the verdict worth reporting among
		 * several.
		 */
		double headroom() {
			return (double) remaining / limit;
		}

		/** The tighter of two verdicts: a refusal, or else the one with less headroom. */
		public Verdict tighter(Verdict other) {
			if (allowed != other.allowed) {
				return allowed ? other : this;
			}
			return other.headroom() < headroom() ? other : this;
		}

	}

	private final RateLimitSettings settings;

	private final BucketStore store;

	private final Map<Budget, BucketConfiguration> configurations = new EnumMap<>(Budget.class);

	private final Map<String, BucketProxy> proxies;

	private final Counter refusals;

	private final Counter backendFailures;

	RateLimits(RateLimitSettings settings, BucketStore store, MeterRegistry meters) {
		this.settings = settings;
		this.store = store;
		int cached = settings.cachedBuckets();
		this.proxies = new LinkedHashMap<>(1024, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, BucketProxy> eldest) {
				return size() > cached;
			}
		};
		for (Budget budget : Budget.values()) {
			long capacity = settings.capacity(budget);
			configurations.put(budget,
					BucketConfiguration.builder()
						.addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, settings.period()))
						.build());
		}
		this.refusals = Counter.builder("rampart.rate_limit.refusals")
			.description("Requests refused by a rate limit")
			.register(meters);
		this.backendFailures = Counter.builder("rampart.rate_limit.backend_failures")
			.description("Charges not checked because the bucket store failed (the request was let through)")
			.register(meters);
	}

	/** Takes {@code tokens} from the subject's bucket of this budget, or refuses. */
	public Verdict charge(Budget budget, String subject, long tokens) {
		long capacity = settings.capacity(budget);
		long window = settings.period().toSeconds();
		if (!settings.enabled()) {
			return new Verdict(budget, true, capacity, capacity, 0, 0, window);
		}
		if (tokens > capacity) {
			refusals.increment();
			return new Verdict(budget, false, capacity, 0, window, window, window);
		}
		ConsumptionProbe probe;
		try {
			BucketConfiguration configuration = configurations.get(budget);
			probe = bucket(key(budget, capacity, subject), capacity, configuration)
				.tryConsumeAndReturnRemaining(Math.max(tokens, 1));
		}
		catch (RuntimeException ex) {
			// Availability first: a broken bucket store must not take the API down with
			// it.
			backendFailures.increment();
			log.warn("rate-limit store failed; request let through: {}", ex.getClass().getName());
			return new Verdict(budget, true, capacity, capacity, 0, 0, window);
		}
		long reset = ceilSeconds(probe.getNanosToWaitForReset());
		if (probe.isConsumed()) {
			return new Verdict(budget, true, capacity, probe.getRemainingTokens(), reset, 0, window);
		}
		refusals.increment();
		return new Verdict(budget, false, capacity, probe.getRemainingTokens(), reset,
				Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())), window);
	}

	/**
	 * The node's handle on a shared bucket. Kept per key so concurrent charges to one
	 * bucket are batched into one database round trip, and, when a share of the capacity
	 * may stay unsynchronized, most charges to a busy bucket need none at all.
	 */
	private BucketProxy bucket(String key, long capacity, BucketConfiguration configuration) {
		synchronized (proxies) {
			BucketProxy proxy = proxies.get(key);
			if (proxy == null) {
				long unsynchronized = (long) Math.floor(capacity * settings.maxUnsynchronizedShare());
				Optimization optimization = unsynchronized > 0
						? Optimizations.delaying(new DelayParameters(unsynchronized, settings.maxUnsynchronizedTime()))
						: Optimizations.batching();
				proxy = store.buckets().builder().withOptimization(optimization).build(key, () -> configuration);
				proxies.put(key, proxy);
			}
			return proxy;
		}
	}

	/** Like {@link #charge}, throwing {@link RateLimited} on refusal. */
	public Verdict require(Budget budget, String subject, long tokens) {
		Verdict verdict = charge(budget, subject, tokens);
		if (!verdict.allowed()) {
			throw new RateLimited(verdict);
		}
		return verdict;
	}

	public boolean isExpensiveRoute(String path) {
		for (String pattern : settings.expensiveRoutes()) {
			if (MATCHER.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(
				new FixedDelayTask(this::sweepIdleBuckets, settings.sweepInterval(), settings.sweepInterval()));
	}

	void sweepIdleBuckets() {
		try {
			int removed;
			do {
				removed = store.removeExpired(1000);
			}
			while (removed == 1000);
		}
		catch (RuntimeException ex) {
			log.warn("sweeping idle rate-limit buckets failed: {}", ex.getClass().getName());
		}
	}

	/**
	 * The bucket's row id. It names the capacity and period too: after an operator
	 * changes a limit, every node draws from fresh buckets of the new size (the old rows
	 * expire), and nodes of a rolling upgrade with different settings never fight over
	 * one row's configuration.
	 */
	private String key(Budget budget, long capacity, String subject) {
		String safe = subject.length() <= MAX_SUBJECT ? subject : sha256(subject);
		return budget.policyName() + ":" + capacity + "/" + settings.period().toSeconds() + ":" + safe;
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long ceilSeconds(long nanos) {
		return (nanos + 999_999_999L) / 1_000_000_000L;
	}

}
