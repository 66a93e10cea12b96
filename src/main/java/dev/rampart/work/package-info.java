/**
 * Organizations, projects, tasks and comments. Every service method takes the
 * {@link dev.rampart.shared.Actor}, asks {@link dev.rampart.access.AccessPolicy} first,
 * and scopes its SQL to the resource's tenant; row-level security checks the same again
 * underneath.
 */
@NullMarked
package dev.rampart.work;

import org.jspecify.annotations.NullMarked;
