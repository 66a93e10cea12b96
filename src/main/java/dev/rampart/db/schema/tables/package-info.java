/**
 * Generated jOOQ tables: part of the database module's named interface {@code schema}.
 */
@NamedInterface("schema")
package dev.rampart.db.schema.tables;

import org.springframework.modulith.NamedInterface;
