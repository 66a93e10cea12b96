package dev.rampart.hooks;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.webhooks.*}.
 *
 * @param sendInterval how often each node looks for deliveries due (default 1 s)
 * @param batchSize deliveries claimed at once (default 50)
 * @param concurrency requests in flight per node (default 16)
 * @param connectTimeout to open a connection to a receiver (default 5 s)
 * @param responseTimeout for the receiver's answer (default 10 s)
 * @param retrySchedule the waits before the second, third, ... attempt (default the
 * specification's: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); after the last, a delivery
 * is given up
 * @param disableAfter a webhook failing this long without a success is turned off and its
 * creator mailed (default 24 h)
 * @param secretOverlap how long a rotated-out secret still signs (default 24 h)
 * @param allowedNetworks CIDRs Rampart may deliver to although they are not public
 * (loopback, private, link-local); empty by default
 * @param trustStore a PEM file of certificates to trust besides the JDK's (receivers
 * behind a private CA)
 * @param maxRedirects 307/308 redirects followed, each checked as the first address
 * (default 3; other redirects fail)
 * @param maxPerOrganization webhooks one organization may have (default 25)
 * @param deliveriesKept how long the delivery log is kept (default 30 days)
 * @param lease how long a claimed delivery is held by the node sending it (default 2 min)
 */
@ConfigurationProperties("rampart.webhooks")
public record WebhookSettings(@DefaultValue("1s") Duration sendInterval, @DefaultValue("50") int batchSize,
		@DefaultValue("16") int concurrency, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration responseTimeout, @DefaultValue( {
				"5s", "5m", "30m", "2h", "5h", "10h", "10h" }) List<Duration> retrySchedule,
		@DefaultValue("24h") Duration disableAfter, @DefaultValue("24h") Duration secretOverlap,
		@DefaultValue({}) List<String> allowedNetworks, @Nullable String trustStore,
		@DefaultValue("3") int maxRedirects, @DefaultValue("25") int maxPerOrganization,
		@DefaultValue("30d") Duration deliveriesKept, @DefaultValue("2m") Duration lease){

	public WebhookSettings {
		between("send-interval", sendInterval, Duration.ofMillis(50), Duration.ofMinutes(5));
		between("connect-timeout", connectTimeout, Duration.ofMillis(100), Duration.ofMinutes(1));
		between("response-timeout", responseTimeout, Duration.ofMillis(100), Duration.ofMinutes(2));
		between("secret-overlap", secretOverlap, Duration.ZERO, Duration.ofDays(30));
		between("disable-after", disableAfter, Duration.ofMinutes(1), Duration.ofDays(30));
		between("lease", lease, responseTimeout.multipliedBy(Math.max(1, maxRedirects + 1)).plus(connectTimeout),
				Duration.ofHours(1));
		if (batchSize < 1 || batchSize > 1000 || concurrency < 1 || concurrency > 256) {
			throw new IllegalArgumentException(
					"rampart.webhooks.batch-size must be 1 to 1000 and rampart.webhooks.concurrency 1 to 256");
		}
		if (retrySchedule.size() > 20 || retrySchedule.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
			throw new IllegalArgumentException("rampart.webhooks.retry-schedule: at most 20 positive waits");
		}
		if (maxRedirects < 0 || maxRedirects > 10 || maxPerOrganization < 1 || maxPerOrganization > 1000) {
			throw new IllegalArgumentException(
					"rampart.webhooks.max-redirects must be 0 to 10 and rampart.webhooks.max-per-organization 1 to 1000");
		}
		retrySchedule = List.copyOf(retrySchedule);
		allowedNetworks = List.copyOf(allowedNetworks);
	}

	private static void between(String name, Duration value, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new IllegalArgumentException("rampart.webhooks." + name + " must be between " + min + " and " + max);
		}
	}

}
