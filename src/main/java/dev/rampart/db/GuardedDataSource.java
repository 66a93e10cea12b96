package dev.rampart.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A pool that refuses at once while {@link DatabaseAvailability} knows the database is
 * down, instead of making every caller wait out the pool's time-out, and that drops its
 * broken connections when the database is back.
 */
final class GuardedDataSource extends DelegatingDataSource implements AutoCloseable {

	private final DatabaseAvailability availability;

	private final HikariDataSource pool;

	GuardedDataSource(HikariDataSource pool, DatabaseAvailability availability) {
		super(pool);
		this.pool = pool;
		this.availability = availability;
		availability.onRecovery(() -> {
			var bean = pool.getHikariPoolMXBean();
			if (bean != null) {
				bean.softEvictConnections();
			}
		});
	}

	@Override
	public Connection getConnection() throws SQLException {
		refuseWhileDown();
		return super.getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		refuseWhileDown();
		return super.getConnection(username, password);
	}

	/** Closes the pool (Spring calls it when the context closes). */
	@Override
	public void close() {
		pool.close();
	}

	private void refuseWhileDown() throws SQLTransientConnectionException {
		if (!availability.isAvailable()) {
			throw new SQLTransientConnectionException("the database is unavailable", "08001");
		}
	}

}
