package dev.rampart.bi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An organization's BI access as its owners see it: what is projected, where analysts
 * connect, its BI users, and how current the projection is.
 *
 * @param enabled whether the organization projects at all
 * @param content titles, descriptions, sprint goals and comments projected too
 * @param restricted restricted tasks projected too
 * @param connection where BI tools connect (null while off)
 * @param users the BI users (never a password)
 * @param projection how current the projection is (null while off)
 */
public record BiStatus(boolean enabled, boolean content, boolean restricted, @Nullable Instant enabledAt,
		@Nullable Connection connection, List<BiUser> users, @Nullable Projection projection) {

	/**
	 * The PostgreSQL endpoint: TLS required ({@code sslmode=require}, or
	 * {@code verify-full} with the server's certificate).
	 */
	public record Connection(String host, int port, String database, String schema, String sslMode) {

		/** The PostgreSQL JDBC driver's URL (Tableau, DBeaver, ...). */
		public String jdbcUrl() {
			return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?sslmode=" + sslMode;
		}

	}

	/**
	 * @param waitingChanges changes this node has yet to write
	 * @param oldestWaiting how long the oldest has waited
	 * @param projectedAt when the projection was last written (any node)
	 * @param reconciledAt the last full reconcile
	 * @param lastReconcile what it found, as JSON (tables: source rows, rows projected
	 * before, removed, written)
	 * @param reachable whether the BI database answered just now
	 */
	public record Projection(int waitingChanges, @Nullable Duration oldestWaiting, @Nullable Instant projectedAt,
			@Nullable Instant reconciledAt, @Nullable String lastReconcile, boolean reachable) {
	}

}
