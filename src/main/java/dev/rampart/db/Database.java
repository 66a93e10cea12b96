package dev.rampart.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only way module code runs SQL as the application role. Each call is one transaction
 * whose first statement sets the row-level security context (local to the transaction, so
 * a pooled connection never carries it further) and the statement timeout. SQL run
 * outside such a transaction is refused by {@link ScopeGuard}. Control C08
 * (docs/controls.md).
 */
@Component
public class Database {

	private final DSLContext dsl;

	private final TransactionTemplate readWrite;

	private final TransactionTemplate readOnly;

	private final javax.sql.DataSource separatePool;

	private final String statementTimeout;

	private final ObjectProvider<WriteParticipant> participantBeans;

	private final DatabaseAvailability availability;

	/**
	 * Resolved on the first write (they depend on this bean), then reused: every write
	 * calls them.
	 */
	private volatile java.util.@org.jspecify.annotations.Nullable List<WriteParticipant> participants;

	Database(DSLContext dsl, PlatformTransactionManager transactions, DatabaseSettings settings,
			ObjectProvider<WriteParticipant> participants,
			@org.springframework.beans.factory.annotation.Qualifier("separatePool") javax.sql.DataSource separatePool,
			DatabaseAvailability availability) {
		this.separatePool = separatePool;
		this.availability = availability;
		this.dsl = dsl;
		this.participantBeans = participants;
		this.readWrite = new TransactionTemplate(transactions);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);

		this.readWrite.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
		this.statementTimeout = settings.statementTimeout().toMillis() + "ms";
	}

	/**
	 * Runs {@code work} in a read-write transaction under {@code context}: a user's
	 * change. The {@link WriteParticipant}s (the activity log) add their part before it
	 * commits.
	 */
	public <T> T write(DbContext context, Function<DSLContext, T> work) {
		try {
			return run(readWrite, context, sql -> {
				T result = work.apply(sql);
				participants().forEach(participant -> participant.beforeCommit(sql));
				return result;
			});
		}
		catch (RuntimeException | Error failed) {
			participants().forEach(WriteParticipant::afterRollback);
			throw failed;
		}
	}

	/**
	 * The user whose change the calling thread's transaction is, if any: for listeners
	 * that act inside a user's change (notifying the people it concerns).
	 */
	public static java.util.Optional<dev.rampart.shared.UserId> transactionUser() {
		Object current = TransactionSynchronizationManager.getResource(ScopeGuard.KEY);
		return current instanceof DbContext context ? java.util.Optional.ofNullable(context.user())
				: java.util.Optional.empty();
	}

	/**
	 * A value kept with the calling thread's transaction: made by {@code create} on first
	 * use, the same for the rest of the transaction, gone when it ends (what one listener
	 * of a change tells the next).
	 */
	@SuppressWarnings("unchecked")
	public static <T> T transactionScoped(Object key, java.util.function.Supplier<T> create) {
		Object found = TransactionSynchronizationManager.getResource(key);
		if (found != null) {
			return (T) found;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException("no transaction to keep a value with");
		}
		T made = create.get();
		TransactionSynchronizationManager.bindResource(key, made);
		TransactionSynchronizationManager
			.registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(key);
				}
			});
		return made;
	}

	/**
	 * Runs {@code action} once the calling thread's transaction commits (at once without
	 * one): a listener that wakes a worker for what the change queued.
	 */
	public static void afterCommit(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager
			.registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
				@Override
				public void afterCommit() {
					action.run();
				}
			});
	}

	/**
	 * {@code rows} when a statement changed something; otherwise throws {@code refusal}
	 * inside the write, so the transaction, and the success entry the activity log adds
	 * to it, roll back: a request that changed nothing never leaves a record that it did.
	 */
	public static int requireChanged(int rows, java.util.function.Supplier<? extends RuntimeException> refusal) {
		if (rows == 0) {
			throw refusal.get();
		}
		return rows;
	}

	private java.util.List<WriteParticipant> participants() {
		java.util.List<WriteParticipant> resolved = participants;
		if (resolved == null) {
			resolved = participantBeans.orderedStream().toList();
			participants = resolved;
		}
		return resolved;
	}

	/**
	 * Runs {@code work} in a read-write transaction that is bookkeeping, not a user's
	 * change (throttle counters, one-time token use, last-seen times): no participant is
	 * called, so it never carries the activity-log entry of the request it serves.
	 */
	public <T> T housekeeping(DbContext context, Function<DSLContext, T> work) {
		return run(readWrite, context, work);
	}

	/** Runs {@code work} in a read-only transaction under {@code context}. */
	public <T> T read(DbContext context, Function<DSLContext, T> work) {
		return run(readOnly, context, work);
	}

	/**
	 * Every way in here ends in this: a failure that says the database is down or out of
	 * connections leaves as {@link DatabaseUnavailable} (503 with Retry-After), never as
	 * a bug.
	 */
	private <T> T run(TransactionTemplate template, DbContext context, Function<DSLContext, T> work) {
		try {
			return transaction(template, context, work);
		}
		catch (RuntimeException failed) {
			if (valueOutOfRange(failed)) {
				// SQLSTATE class 22: a value a column cannot hold (a date or number out
				// of range). The input is wrong, nothing conflicts: a 400, never
				// "conflicts with existing data".
				throw new dev.rampart.shared.InvalidInput("body", "a value is outside the range Rampart can store");
			}
			throw availability.translate(failed);
		}
	}

	private static boolean valueOutOfRange(Throwable failed) {
		for (Throwable t = failed; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
					&& sql.getSQLState().startsWith("22")) {
				return true;
			}
		}
		return false;
	}

	private <T> T transaction(TransactionTemplate template, DbContext context, Function<DSLContext, T> work) {
		return template.execute(status -> {
			Object current = TransactionSynchronizationManager.getResource(ScopeGuard.KEY);
			if (current != null && !current.equals(context)) {
				throw new IllegalStateException("a transaction cannot change its database context");
			}
			if (current == null) {
				enter(context);
			}
			return work.apply(dsl);
		});
	}

	/**
	 * Runs {@code work} in a transaction of its own, on a small pool of its own, even
	 * when called inside another transaction: infrastructure a user's transaction needs
	 * on the way, such as loading or creating a data keyset. A separate pool, because a
	 * request that holds a connection and waits for a second one from the same pool can
	 * deadlock the pool under load. No participant is called.
	 */
	public <T> T separately(DbContext context, Function<DSLContext, T> work) {
		try (Connection connection = separatePool.getConnection()) {
			setContext(connection, context);
			return OwnerDatabase.inTransaction(connection, work);
		}
		catch (SQLException ex) {
			throw availability.translate(new org.springframework.dao.DataAccessResourceFailureException(
					"database unavailable: " + ex.getSQLState(), ex));
		}
		catch (RuntimeException failed) {
			throw availability.translate(failed);
		}
	}

	/**
	 * Sets the transaction's context in one statement. Plain JDBC with a constant, fully
	 * bound SQL text: it runs at the start of every transaction, and rendering it through
	 * jOOQ each time cost measurable CPU (see docs/performance.md). Not counted in
	 * rampart.db.statements.
	 */
	private void enter(DbContext context) {
		TransactionSynchronizationManager.bindResource(ScopeGuard.KEY, context);
		TransactionSynchronizationManager.registerSynchronization(new ScopeGuard.Unbind());
		dsl.connection(connection -> setContext(connection, context));
	}

	private void setContext(Connection connection, DbContext context) throws SQLException {
		try (PreparedStatement set = connection.prepareStatement(SET_CONTEXT)) {
			set.setString(1, context.userSetting());
			set.setString(2, context.emailIndexSetting());
			set.setString(3, context.tokenHashSetting());
			set.setString(4, statementTimeout);
			set.execute();
		}
	}

	private static final String SET_CONTEXT = "select set_config('rampart.user_id', ?, true), "
			+ "set_config('rampart.lookup_email_index', ?, true), set_config('rampart.lookup_token_hash', ?, true), "
			+ "set_config('statement_timeout', ?, true)";

}
