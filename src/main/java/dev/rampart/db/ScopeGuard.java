package dev.rampart.db;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Refuses any jOOQ statement that does not run inside a {@link Database} transaction, so
 * no code path can reach tenant tables without the row-level security context being set
 * first.
 */
final class ScopeGuard implements ExecuteListener {

	private static final long serialVersionUID = 1L;

	static final Object KEY = ScopeGuard.class.getName() + ".context";

	@Override
	public void start(ExecuteContext ctx) {
		if (!TransactionSynchronizationManager.hasResource(KEY)) {
			throw new IllegalStateException("SQL outside a Database transaction is not allowed");
		}
	}

	/** Drops the bound context when its transaction ends, whatever the outcome. */
	static final class Unbind implements TransactionSynchronization {

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
		}

	}

}
