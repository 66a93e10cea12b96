package dev.rampart.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * Connections as the schema owner, which bypasses row-level security. Only for operator
 * tasks that must see every tenant (migration, bulk seeding, later backup); never for
 * requests.
 */
@Component
public class OwnerDatabase {

	private final DatabaseEndpoint endpoint;

	OwnerDatabase(DatabaseEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	public Connection connect() throws SQLException {
		return DatabaseConfiguration.ownerDataSource(endpoint).getConnection();
	}

	/**
	 * Runs {@code work} in one transaction as the owner (operator commands: verify,
	 * archive).
	 */
	public <T> T transaction(Function<DSLContext, T> work) {
		try (Connection connection = connect()) {
			return inTransaction(connection, work);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("database unavailable: " + ex.getSQLState(), ex);
		}
	}

	/**
	 * {@code work} on {@code connection} as one transaction: committed, or rolled back if
	 * it throws.
	 */
	static <T> T inTransaction(Connection connection, Function<DSLContext, T> work) throws SQLException {
		connection.setAutoCommit(false);
		try {
			T result = work.apply(DSL.using(connection, SQLDialect.POSTGRES));
			connection.commit();
			return result;
		}
		catch (RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
	}

}
