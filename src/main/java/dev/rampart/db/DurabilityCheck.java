package dev.rampart.db;

import dev.rampart.shared.StartRefused;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, as the application role sees them, the settings without which PostgreSQL
 * acknowledges commits it may lose in a crash, and refuses the start (or warns, when the
 * operator chose so).
 */
final class DurabilityCheck {

	private static final Logger log = LoggerFactory.getLogger(DurabilityCheck.class);

	/** What a database that would lose acknowledged writes gets at start. */
	enum Mode {

		REFUSE, WARN

	}

	private DurabilityCheck() {
	}

	static void enforce(DatabaseEndpoint endpoint, Mode mode) {
		List<String> risks = risks(endpoint);
		if (risks.isEmpty()) {
			return;
		}
		String summary = "the database would lose acknowledged writes in a crash: " + String.join("; ", risks);
		if (mode == Mode.REFUSE) {
			throw new StartRefused(
					summary + ". Turn these settings on, or set RAMPART_DB_DURABILITY_CHECK=warn to start anyway");
		}
		log.error("DURABILITY AT RISK, started anyway (rampart.db.durability-check=warn): {}", summary);
	}

	static List<String> risks(DatabaseEndpoint endpoint) {
		Properties properties = new Properties();
		properties.setProperty("user", endpoint.appUser());
		properties.setProperty("password", endpoint.appPassword());
		properties.setProperty("connectTimeout", "10");
		properties.setProperty("socketTimeout", "10");
		List<String> risks = new ArrayList<>();
		try (Connection connection = new org.postgresql.Driver().connect(endpoint.jdbcUrl(), properties);
				PreparedStatement statement = java.util.Objects.requireNonNull(connection, "not a PostgreSQL URL")
					.prepareStatement("select current_setting(?)")) {
			if (!setting(statement, "fsync").equals("on")) {
				risks.add("fsync is off (a power loss or operating-system crash can corrupt the whole database)");
			}
			if (setting(statement, "synchronous_commit").equals("off")) {
				risks.add("synchronous_commit is off (a crash loses the last commits already answered as saved)");
			}
			if (!setting(statement, "full_page_writes").equals("on")) {
				risks.add("full_page_writes is off (a crash can leave torn pages that recovery cannot repair)");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"cannot read the database's durability settings: SQL state " + ex.getSQLState(), ex);
		}
		return risks;
	}

	private static String setting(PreparedStatement statement, String name) throws SQLException {
		statement.setString(1, name);
		try (ResultSet rs = statement.executeQuery()) {
			rs.next();
			return rs.getString(1).toLowerCase(Locale.ROOT);
		}
	}

}
