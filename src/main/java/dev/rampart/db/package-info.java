/**
 * The database: embedded or external PostgreSQL, the two roles (schema owner and
 * application), Flyway migrations, and {@link dev.rampart.db.Database}, the only way
 * services run SQL: every transaction carries the context that row-level security reads.
 * Not an open module: its one named interface is the generated jOOQ schema
 * ({@code dev.rampart.db.schema}), whose tables each belong to one module (see the
 * architecture tests).
 */
@NullMarked
package dev.rampart.db;

import org.jspecify.annotations.NullMarked;
