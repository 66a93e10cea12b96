/**
 * The jOOQ classes generated from the migrations (generated into target/, not kept here).
 * A named interface of the database module: every table has one owning module, and only
 * that module uses it (ArchitectureTests.everyTableIsUsedByTheModuleThatOwnsIt lists the
 * owners and the few reads across modules, each with its reason).
 */
@NamedInterface("schema")
package dev.rampart.db.schema;

import org.springframework.modulith.NamedInterface;
