/**
 * Backups (control C20): a consistent logical snapshot of every table taken while the
 * service runs, with the attachment files, compressed, encrypted under a fresh key
 * wrapped by the key store's KEK, described by a signed manifest; verified by restoring
 * into a scratch PostgreSQL; restored into an empty database; pruned by a retention
 * policy. See docs/operations.md, "Backups and restores".
 */
@NullMarked
@NamedInterface("backup")
package dev.rampart.ops.backup;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
