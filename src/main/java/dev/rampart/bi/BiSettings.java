package dev.rampart.bi;

import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.bi.*}: the customers' BI database (docs/bi.md).
 *
 * @param enabled whether organizations may turn BI access on at all (default true)
 * @param port the embedded BI server's port ({@code RAMPART_BI_PORT}, default 5433)
 * @param listenAddress the address the embedded BI server listens on
 * ({@code RAMPART_BI_LISTEN_ADDRESS}, default loopback)
 * @param publicHost the host name analysts connect to, shown in the connection details
 * (default: the listen address, or the external URL's host)
 * @param dbUrl an external BI database ({@code RAMPART_BI_DB_URL}, a JDBC URL to its
 * database); empty: the embedded server under {@code $RAMPART_HOME/bi-postgres}
 * @param adminUsername with {@code dbUrl}: a role with CREATEROLE that owns that database
 * ({@code RAMPART_BI_DB_ADMIN_USERNAME})
 * @param adminPassword its password ({@code RAMPART_BI_DB_ADMIN_PASSWORD})
 * @param hbaFile with {@code dbUrl}: the file Rampart writes the BI users'
 * {@code hostssl} rules to, included by that server's {@code pg_hba.conf} (docs/bi.md)
 * @param logDirectory with {@code dbUrl}: where that server writes its {@code jsonlog}
 * files, read for refused connections; empty: not read
 * @param statementTimeout the longest a BI user's statement may run (default 60 s);
 * longer ones are cancelled
 * @param connectionLimit connections one BI login may hold at once (default 5)
 * @param defaultValidity how long a new BI user stays valid when no expiry is given
 * (default 90 days)
 * @param longestValidity the furthest expiry allowed (default 366 days)
 * @param rotationOverlap how long a rotated-out password still works (default 24 h)
 * @param maxUsers BI users one organization may have (default 10)
 * @param maxNetworks CIDRs in one BI user's allow-list (default 20)
 * @param projectInterval how often each node writes what changed (default 200 ms)
 * @param pendingLimit changed tasks one organization may have waiting on a node; beyond
 * it that organization is reconciled in full instead (default 20,000)
 * @param reconcileCron the nightly reconcile of every organization (default 03:30 every
 * day)
 * @param upkeepInterval how often roles, rules, long statements and the server's log are
 * looked at (default 5 s)
 */
@ConfigurationProperties("rampart.bi")
public record BiSettings(@DefaultValue("true") boolean enabled, @DefaultValue("5433") int port,
		@DefaultValue("127.0.0.1") String listenAddress, @Nullable String publicHost, @Nullable String dbUrl,
		@Nullable String adminUsername, @Nullable String adminPassword, @Nullable String hbaFile,
		@Nullable String logDirectory, @DefaultValue("60s") Duration statementTimeout,
		@DefaultValue("5") int connectionLimit, @DefaultValue("90d") Duration defaultValidity,
		@DefaultValue("366d") Duration longestValidity, @DefaultValue("24h") Duration rotationOverlap,
		@DefaultValue("10") int maxUsers, @DefaultValue("20") int maxNetworks,
		@DefaultValue("200ms") Duration projectInterval, @DefaultValue("20000") int pendingLimit,
		@DefaultValue("0 30 3 * * *") String reconcileCron, @DefaultValue("5s") Duration upkeepInterval) {

	private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:*-]{1,253}");

	public BiSettings {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("rampart.bi.port must be 1 to 65535");
		}
		if (!ADDRESS.matcher(listenAddress).matches()) {
			throw new IllegalArgumentException("rampart.bi.listen-address must be an address or host name");
		}
		between("statement-timeout", statementTimeout, Duration.ofSeconds(1), Duration.ofHours(6));
		between("default-validity", defaultValidity, Duration.ofHours(1), longestValidity);
		between("longest-validity", longestValidity, Duration.ofHours(1), Duration.ofDays(3660));
		between("rotation-overlap", rotationOverlap, Duration.ZERO, Duration.ofDays(30));
		between("project-interval", projectInterval, Duration.ofMillis(20), Duration.ofMinutes(1));
		between("upkeep-interval", upkeepInterval, Duration.ofMillis(100), Duration.ofMinutes(10));
		if (connectionLimit < 1 || connectionLimit > 100 || maxUsers < 1 || maxUsers > 100 || maxNetworks < 1
				|| maxNetworks > 100 || pendingLimit < 100 || pendingLimit > 10_000_000) {
			throw new IllegalArgumentException("rampart.bi.connection-limit, max-users and max-networks must be 1 to"
					+ " 100, and rampart.bi.pending-limit 100 to 10,000,000");
		}
		if (external(dbUrl) && (adminUsername == null || adminUsername.isBlank())) {
			throw new IllegalArgumentException("with rampart.bi.db-url set, rampart.bi.admin-username is required");
		}
	}

	boolean external() {
		return external(dbUrl);
	}

	private static boolean external(@Nullable String url) {
		return url != null && !url.isBlank();
	}

	private static void between(String name, Duration value, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new IllegalArgumentException("rampart.bi." + name + " must be between " + min + " and " + max);
		}
	}

}
