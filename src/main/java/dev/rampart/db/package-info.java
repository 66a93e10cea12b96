/**
 * The database: embedded or external PostgreSQL, the two roles (schema owner and
 * application), Flyway migrations, and {@link dev.rampart.db.Database}, the only way
 * services run SQL: every transaction carries the context that row-level security reads.
 * The generated jOOQ schema lives in {@code dev.rampart.db.schema}; only module internals
 * may use it (see the architecture tests).
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.rampart.db;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
