package dev.rampart.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code rampart.idempotency.*}.
 *
 * @param retention how long a key and its answer are kept (24 h; 1 h to 7 days)
 * @param hold how long a request in progress holds its key: a retry meanwhile is told
 * 409; after it a retry takes the key over and is carried out (the first attempt's node
 * died, or it runs longer: then its change rolls back, only one attempt commits); 10 s, 1
 * s to 10 min
 * @param maxKeyLength the longest key accepted (255)
 * @param maxStoredAnswer the largest answer body kept for replay; a larger one is not
 * kept and a retry is told the request was carried out (1 MB)
 */
@ConfigurationProperties("rampart.idempotency")
public record IdempotencySettings(@DefaultValue("24h") Duration retention, @DefaultValue("10s") Duration hold,
		@DefaultValue("255") int maxKeyLength, @DefaultValue("1MB") DataSize maxStoredAnswer) {

	public IdempotencySettings {
		if (retention.compareTo(Duration.ofHours(1)) < 0 || retention.compareTo(Duration.ofDays(7)) > 0) {
			throw new IllegalArgumentException("rampart.idempotency.retention must be between 1h and 7d");
		}
		if (hold.compareTo(Duration.ofSeconds(1)) < 0 || hold.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException("rampart.idempotency.hold must be between 1s and 10m");
		}
		if (maxKeyLength < 16 || maxKeyLength > 1024) {
			throw new IllegalArgumentException("rampart.idempotency.max-key-length must be between 16 and 1024");
		}
		if (maxStoredAnswer.toBytes() < 1024 || maxStoredAnswer.toMegabytes() > 16) {
			throw new IllegalArgumentException("rampart.idempotency.max-stored-answer must be between 1KB and 16MB");
		}
	}

}
