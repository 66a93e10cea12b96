package dev.rampart.db;

import org.jooq.DSLContext;

/**
 * Reference data a module keeps in step with its code, written after every migration on
 * the migration (owner) connection, in the migration's transaction.
 */
public interface AfterMigration {

	void write(DSLContext ownerSql);

}
