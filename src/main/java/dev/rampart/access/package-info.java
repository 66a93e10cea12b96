/**
 * The access decision point. Roles map to named permissions in one table
 * ({@link dev.rampart.access.RolePermissions}); {@link dev.rampart.access.AccessPolicy}
 * is the only place that decides, and says why. Deny by default: a permission nobody
 * lists is never granted.
 */
@NullMarked
package dev.rampart.access;

import org.jspecify.annotations.NullMarked;
