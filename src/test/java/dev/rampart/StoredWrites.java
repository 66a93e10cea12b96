package dev.rampart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads, as the schema owner, which of a set of task ids are stored and which have a
 * successful {@code task.create} entry in the activity log: what a fault test compares
 * with what the clients were told.
 */
record StoredWrites(Set<String> tasks, Set<String> auditedCreations) {

	static StoredWrites of(String jdbcUrl, String user, String password, Set<String> ids) throws Exception {
		try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
			Array array = c.createArrayOf("varchar", ids.toArray());
			return new StoredWrites(found(c, "select id::text from rampart.tasks where id::text = any(?)", array),
					found(c, "select target_id from rampart.audit_entries where action = 'task.create'"
							+ " and outcome = 'success' and target_id = any(?)", array));
		}
	}

	/**
	 * The embedded database of a data directory: its port from the pid file, the owner's
	 * password from secrets/.
	 */
	static StoredWrites ofEmbedded(Path home, Set<String> ids) throws Exception {
		String port = Files.readAllLines(home.resolve("postgres/postmaster.pid"), StandardCharsets.UTF_8).get(3).trim();
		String password = Files.readString(home.resolve("secrets/postgres-owner"), StandardCharsets.UTF_8).trim();
		return of("jdbc:postgresql://127.0.0.1:" + port + "/rampart", "rampart_owner", password, ids);
	}

	private static Set<String> found(Connection c, String sql, Array ids) throws Exception {
		Set<String> found = new HashSet<>();
		try (PreparedStatement statement = c.prepareStatement(sql)) {
			statement.setArray(1, ids);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					found.add(rs.getString(1));
				}
			}
		}
		return found;
	}

}
