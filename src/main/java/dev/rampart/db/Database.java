package dev.rampart.db;

import java.sql.PreparedStatement;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only way module code runs SQL as the application role. Each call is one transaction whose
 * first statement sets the row-level security context (local to the transaction, so a pooled
 * connection never carries it further) and the statement timeout. SQL run outside such a
 * transaction is refused by {@link ScopeGuard}.
 */
@Component
public class Database {

	private final DSLContext dsl;

	private final TransactionTemplate readWrite;

	private final TransactionTemplate readOnly;

	private final TransactionTemplate independent;

	private final String statementTimeout;

	private final ObjectProvider<WriteParticipant> participants;

	Database(DSLContext dsl, PlatformTransactionManager transactions, DatabaseSettings settings,
			ObjectProvider<WriteParticipant> participants) {
		this.dsl = dsl;
		this.participants = participants;
		this.readWrite = new TransactionTemplate(transactions);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.independent = new TransactionTemplate(transactions);
		this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.readWrite.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
		this.statementTimeout = settings.statementTimeout().toMillis() + "ms";
	}

	/**
	 * Runs {@code work} in a read-write transaction under {@code context}: a user's change. The
	 * {@link WriteParticipant}s (the activity log) add their part before it commits.
	 */
	public <T> T write(DbContext context, Function<DSLContext, T> work) {
		try {
			return run(readWrite, context, sql -> {
				T result = work.apply(sql);
				participants.orderedStream().forEach(participant -> participant.beforeCommit(sql));
				return result;
			});
		}
		catch (RuntimeException | Error failed) {
			participants.orderedStream().forEach(WriteParticipant::afterRollback);
			throw failed;
		}
	}

	/**
	 * Runs {@code work} in a read-write transaction that is bookkeeping, not a user's change
	 * (throttle counters, one-time token use, last-seen times): no participant is called, so it
	 * never carries the activity-log entry of the request it serves.
	 */
	public <T> T housekeeping(DbContext context, Function<DSLContext, T> work) {
		return run(readWrite, context, work);
	}

	/** Runs {@code work} in a read-only transaction under {@code context}. */
	public <T> T read(DbContext context, Function<DSLContext, T> work) {
		return run(readOnly, context, work);
	}

	private <T> T run(TransactionTemplate template, DbContext context, Function<DSLContext, T> work) {
		return template.execute(status -> {
			Object current = TransactionSynchronizationManager.getResource(ScopeGuard.KEY);
			if (current != null && !current.equals(context) && template != independent) {
				throw new IllegalStateException("a transaction cannot change its database context");
			}
			if (current == null) {
				enter(context);
			}
			return work.apply(dsl);
		});
	}

	/**
	 * Runs {@code work} in a transaction of its own even when called inside another (which waits,
	 * on its own connection): infrastructure that a user's transaction needs on the way, such as
	 * loading or creating a data keyset. No participant is called.
	 */
	public <T> T separately(DbContext context, Function<DSLContext, T> work) {
		return run(independent, context, work);
	}

	/**
	 * Sets the transaction's context in one statement. Plain JDBC with a constant, fully bound SQL
	 * text: it runs at the start of every transaction, and rendering it through jOOQ each time
	 * cost measurable CPU (see docs/performance.md). Not counted in rampart.db.statements.
	 */
	private void enter(DbContext context) {
		TransactionSynchronizationManager.bindResource(ScopeGuard.KEY, context);
		TransactionSynchronizationManager.registerSynchronization(new ScopeGuard.Unbind());
		dsl.connection(connection -> {
			try (PreparedStatement set = connection.prepareStatement(SET_CONTEXT)) {
				set.setString(1, context.userSetting());
				set.setString(2, context.emailSetting());
				set.setString(3, context.tokenHashSetting());
				set.setString(4, statementTimeout);
				set.execute();
			}
		});
	}

	private static final String SET_CONTEXT = "select set_config('rampart.user_id', ?, true), "
			+ "set_config('rampart.lookup_email', ?, true), set_config('rampart.lookup_token_hash', ?, true), "
			+ "set_config('statement_timeout', ?, true)";

}
