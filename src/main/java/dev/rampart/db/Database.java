package dev.rampart.db;

import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
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

	private final String statementTimeout;

	Database(DSLContext dsl, PlatformTransactionManager transactions, DatabaseSettings settings) {
		this.dsl = dsl;
		this.readWrite = new TransactionTemplate(transactions);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.readWrite.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
		this.statementTimeout = settings.statementTimeout().toMillis() + "ms";
	}

	/** Runs {@code work} in a read-write transaction under {@code context}. */
	public <T> T write(DbContext context, Function<DSLContext, T> work) {
		return run(readWrite, context, work);
	}

	/** Runs {@code work} in a read-only transaction under {@code context}. */
	public <T> T read(DbContext context, Function<DSLContext, T> work) {
		return run(readOnly, context, work);
	}

	private <T> T run(TransactionTemplate template, DbContext context, Function<DSLContext, T> work) {
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

	private void enter(DbContext context) {
		TransactionSynchronizationManager.bindResource(ScopeGuard.KEY, context);
		TransactionSynchronizationManager.registerSynchronization(new ScopeGuard.Unbind());
		dsl.select(setting("rampart.user_id", context.userSetting()),
				setting("rampart.lookup_email", context.emailSetting()),
				setting("rampart.lookup_token_hash", context.tokenHashSetting()),
				setting("statement_timeout", statementTimeout))
			.fetch();
	}

	private static org.jooq.Field<String> setting(String name, String value) {
		return DSL.function("set_config", String.class, DSL.inline(name), DSL.val(value), DSL.inline(true));
	}

}
