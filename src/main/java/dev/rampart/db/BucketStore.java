package dev.rampart.db;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Where rate-limit buckets live: Bucket4j's PostgreSQL backend on the application's pool,
 * table {@code rate_limit_buckets}, rows locked with {@code SELECT ... FOR UPDATE} for
 * each charge. Here because only this module touches JDBC; the rate-limit module decides
 * what to charge.
 */
@Component
public class BucketStore {

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	BucketStore(DataSource dataSource) {
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("rampart.rate_limit_buckets")
			.idColumn("id")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			// A row may go once its bucket has been full for a minute: it would start
			// full anyway.
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build();
	}

	public ProxyManager<String> buckets() {
		return buckets;
	}

	/** Deletes up to {@code batch} expired buckets; returns how many went. */
	public int removeExpired(int batch) {
		return buckets.removeExpired(batch);
	}

}
