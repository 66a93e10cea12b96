package dev.rampart.db;

import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.stereotype.Component;

/**
 * Connections as the schema owner, which bypasses row-level security. Only for operator tasks
 * that must see every tenant (migration, bulk seeding, later backup); never for requests.
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

}
