package dev.rampart.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import dev.rampart.shared.ServiceAvailability;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether the database answers, known without asking it on every request. A probe runs
 * {@code select 1} on a connection of its own every {@code rampart.db.probe-interval}; a
 * failure a request meets that says the server is gone marks it down at once and wakes
 * the probe. While it is down, the pools refuse at once ({@link GuardedDataSource}) and
 * the web layer answers 503 with Retry-After without touching the database, so no thread
 * waits on a dead server. When the probe succeeds again, the pools drop their broken
 * connections and requests flow again. Control C22 (docs/controls.md).
 */
@Component
public class DatabaseAvailability implements ServiceAvailability, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

	/**
	 * What clients are told to wait: the watchdog restarts an embedded server in about a
	 * second.
	 */
	static final long RETRY_AFTER_SECONDS = 2;

	/**
	 * SQL states that mean the server is gone or refusing connections (not a bad
	 * statement).
	 */
	private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03");

	/** What an error says about the database. */
	enum Failure {

		/** The server is gone or unreachable. */
		OUTAGE,
		/** The server is there but no connection was free in time. */
		OVERLOAD,
		/** Anything else: not about availability. */
		OTHER

	}

	private final DatabaseEndpoint endpoint;

	private final Duration interval;

	private final Duration timeout;

	private final Clock clock;

	private final Counter outages;

	private final List<Runnable> onRecovery = new CopyOnWriteArrayList<>();

	private final Semaphore wake = new Semaphore(0);

	private volatile boolean available = true;

	private volatile Instant since;

	private volatile String problem = "";

	private volatile boolean running;

	private @Nullable Thread prober;

	private @Nullable Connection probeConnection;

	DatabaseAvailability(DatabaseEndpoint endpoint, DatabaseSettings settings, Clock clock, MeterRegistry meters) {
		this.endpoint = endpoint;
		this.interval = settings.probeInterval();
		this.timeout = settings.probeTimeout();
		this.clock = clock;
		this.since = clock.instant();
		this.outages = Counter.builder("rampart.db.outages")
			.description("Times the database stopped answering")
			.register(meters);
		Gauge.builder("rampart.db.available", this, a -> a.available ? 1 : 0)
			.description("1 while the database answers, 0 while it is down")
			.register(meters);
	}

	/**
	 * Whether the database answered the last probe and no request has since found it
	 * gone.
	 */
	@Override
	public boolean isAvailable() {
		return available;
	}

	@Override
	public long retryAfterSeconds() {
		return RETRY_AFTER_SECONDS;
	}

	/**
	 * The failure as {@link DatabaseUnavailable} when it says the database is down or
	 * overloaded (marking it down if gone).
	 */
	public RuntimeException translate(RuntimeException failure) {
		return unavailable(failure) ? new DatabaseUnavailable(RETRY_AFTER_SECONDS) : failure;
	}

	/**
	 * Whether {@code failure} (anywhere in its causes) means the database could not serve
	 * the request; a sign that the server is gone marks it down.
	 */
	@Override
	public boolean unavailable(@Nullable Throwable failure) {
		Failure kind = classify(failure);
		if (kind == Failure.OUTAGE) {
			markDown(describe(failure));
		}
		return kind != Failure.OTHER;
	}

	static Failure classify(@Nullable Throwable failure) {
		// A failed rollback hides the failure that caused it: look at both.
		if (failure instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
				&& classify(rollback.getApplicationException()) != Failure.OTHER) {
			return classify(rollback.getApplicationException());
		}
		boolean overload = false;
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof DatabaseUnavailable || t instanceof ConnectException) {
				return Failure.OUTAGE;
			}
			// HikariCP's answer on a connection it already closed because the server
			// broke it.
			if (t instanceof SQLException sql && sql.getSQLState() == null && sql.getMessage() != null
					&& sql.getMessage().startsWith("Connection is closed")) {
				return Failure.OUTAGE;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				if (state.startsWith("08") || OUTAGE_STATES.contains(state)) {
					return Failure.OUTAGE;
				}
				if (state.equals("53300")) {
					overload = true;
				}
			}
			// A pool's time-out without a failed connection attempt behind it: busy, not
			// gone.
			if (t instanceof SQLTransientConnectionException) {
				overload = true;
			}
		}
		return overload ? Failure.OVERLOAD : Failure.OTHER;
	}

	/** Runs {@code action} each time the database answers again after an outage. */
	void onRecovery(Runnable action) {
		onRecovery.add(action);
	}

	/**
	 * For the health indicator: since when the current state holds, and what the last
	 * problem was.
	 */
	Instant since() {
		return since;
	}

	String problem() {
		return problem;
	}

	double outages() {
		return outages.count();
	}

	private void markDown(String why) {
		problem = why;
		if (available) {
			synchronized (this) {
				if (available) {
					available = false;
					since = clock.instant();
					outages.increment();
					log.warn("Database unavailable ({}): requests answer 503 until it answers again", why);
				}
			}
		}
		wake.release();
	}

	private synchronized void markUp() {
		if (available) {
			return;
		}
		Duration down = Duration.between(since, clock.instant());
		available = true;
		since = clock.instant();
		log.info("Database available again after {} ms", down.toMillis());
		onRecovery.forEach(Runnable::run);
	}

	private void probeLoop() {
		while (running) {
			String failure = probe();
			if (failure == null) {
				markUp();
			}
			else {
				markDown(failure);
			}
			try {
				if (wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS)) {
					wake.drainPermits(); // woken early: one probe answers every wake-up
											// so far
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Null when the database answered, else what went wrong (a type or SQL state, never a
	 * message).
	 */
	private @Nullable String probe() {
		try {
			Connection connection = probeConnection;
			if (connection == null) {
				connection = connect();
				probeConnection = connection;
			}
			try (Statement statement = connection.createStatement()) {
				statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
				statement.execute("select 1");
			}
			return null;
		}
		catch (SQLException | RuntimeException ex) {
			closeProbeConnection();
			return describe(ex);
		}
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
		properties.setProperty("user", endpoint.appUser());
		properties.setProperty("password", endpoint.appPassword());
		properties.setProperty("connectTimeout", seconds);
		properties.setProperty("socketTimeout", seconds);
		properties.setProperty("loginTimeout", seconds);
		properties.setProperty("ApplicationName", "rampart-probe");
		Connection connection = new org.postgresql.Driver().connect(endpoint.jdbcUrl(), properties);
		if (connection == null) {
			throw new SQLException("not a PostgreSQL URL", "08001");
		}
		return connection;
	}

	private void closeProbeConnection() {
		Connection connection = probeConnection;
		probeConnection = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// broken already
			}
		}
	}

	private static String describe(@Nullable Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof SQLException sql && sql.getSQLState() != null) {
				return "SQL state " + sql.getSQLState();
			}
		}
		return failure == null ? "unknown" : failure.getClass().getSimpleName();
	}

	@Override
	public void start() {
		running = true;
		Thread thread = new Thread(this::probeLoop, "rampart-db-probe");
		thread.setDaemon(true);
		prober = thread;
		thread.start();
	}

	@Override
	public void stop() {
		running = false;
		Thread thread = prober;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closeProbeConnection();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

}
