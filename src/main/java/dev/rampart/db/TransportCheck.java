package dev.rampart.db;

import dev.rampart.shared.StartRefused;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encryption in flight to an external database (control C19): at start, the application
 * role's connection is asked whether it uses TLS ({@code pg_stat_ssl}); a plain one is
 * refused, unless it goes to a loopback address and the operator allows that (traffic
 * that never leaves the host). The embedded database listens on loopback only.
 */
final class TransportCheck {

	private static final Logger log = LoggerFactory.getLogger(TransportCheck.class);

	/** What a plain (unencrypted) connection to the database gets at start. */
	enum Mode {

		/** Refused wherever the database is. */
		REFUSE_PLAIN,
		/** Refused unless the database is on this host's loopback (the default). */
		ALLOW_PLAIN_ON_LOOPBACK,
		/** Started with an error in the log. */
		WARN

	}

	private TransportCheck() {
	}

	static void enforce(DatabaseEndpoint endpoint, Mode mode) {
		boolean encrypted = encrypted(endpoint);
		refusal(encrypted, host(endpoint.jdbcUrl()), mode).ifPresent(problem -> {
			if (mode == Mode.WARN) {
				log.error("DATABASE TRAFFIC UNENCRYPTED, started anyway (rampart.db.transport-check=warn): {}",
						problem);
				return;
			}
			throw new StartRefused(problem);
		});
	}

	/** Why a connection of this kind is refused under {@code mode}, if it is. */
	static Optional<String> refusal(boolean encrypted, String host, Mode mode) {
		if (encrypted) {
			return Optional.empty();
		}
		if (mode == Mode.ALLOW_PLAIN_ON_LOOPBACK && loopback(host)) {
			return Optional.empty();
		}
		return Optional.of("the connection to the database at " + host + " is not encrypted: add sslmode=verify-full"
				+ " (and sslrootcert= for a private CA) to RAMPART_DB_URL and turn TLS on in that server"
				+ (loopback(host) ? ", or set RAMPART_DB_TRANSPORT_CHECK=allow-plain-on-loopback" : ""));
	}

	static boolean loopback(String host) {
		String h = host.toLowerCase(Locale.ROOT);
		return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
	}

	static String host(String jdbcUrl) {
		String url = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring(5) : jdbcUrl;
		try {
			String host = URI.create(url).getHost();
			return host == null ? "localhost" : host;
		}
		catch (IllegalArgumentException ex) {
			return "an unreadable address";
		}
	}

	private static boolean encrypted(DatabaseEndpoint endpoint) {
		Properties properties = new Properties();
		properties.setProperty("user", endpoint.appUser());
		properties.setProperty("password", endpoint.appPassword());
		properties.setProperty("connectTimeout", "10");
		try (Connection connection = java.util.Objects.requireNonNull(
				new org.postgresql.Driver().connect(endpoint.jdbcUrl(), properties), "not a PostgreSQL URL");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
			return rs.next() && rs.getBoolean(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"cannot ask the database about its connection: SQL state " + ex.getSQLState(), ex);
		}
	}

}
