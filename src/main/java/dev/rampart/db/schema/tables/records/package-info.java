/**
 * Generated jOOQ tables records: part of the database module's named interface
 * {@code schema}.
 */
@NamedInterface("schema")
package dev.rampart.db.schema.tables.records;

import org.springframework.modulith.NamedInterface;
