package dev.rampart.db.internal;

import dev.rampart.db.AfterMigration;
import java.util.List;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link AfterMigration} once Flyway has migrated (also when nothing was
 * pending).
 */
@Component
class AfterMigrationCallback implements Callback {

	private final List<AfterMigration> writers;

	AfterMigrationCallback(List<AfterMigration> writers) {
		this.writers = List.copyOf(writers);
	}

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.AFTER_MIGRATE;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public void handle(Event event, Context context) {
		var sql = DSL.using(context.getConnection(), SQLDialect.POSTGRES);
		writers.forEach(writer -> writer.write(sql));
	}

	@Override
	public String getCallbackName() {
		return "rampart-after-migration";
	}

}
