/**
 * Customer BI access: an organization's opt-in, read-only projection of its own data into
 * a separate PostgreSQL database that its BI tools reach with their own PostgreSQL login
 * roles. The projection holds plain values (Rampart's own database keeps them sealed), is
 * kept current from the domain events after commit and proven equal to the source by
 * reconciles; its readers see the same view names, each only its own organization's rows
 * (views and row-level security), over TLS, from allow-listed addresses only. The primary
 * never depends on the BI database.
 */
@NullMarked
package dev.rampart.bi;

import org.jspecify.annotations.NullMarked;
