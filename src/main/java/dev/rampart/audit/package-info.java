/**
 * The permanent activity log: one SHA-256 hash chain per organization (and one for the
 * platform), written in the transaction of the change it records, append-only for every
 * database role, checkpointed with Ed25519 signatures, verifiable and archivable by
 * operators, readable by each organization's owners and admins.
 */
@NullMarked
package dev.rampart.audit;

import org.jspecify.annotations.NullMarked;
