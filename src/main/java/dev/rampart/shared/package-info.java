/**
 * Typed ids, the signed-in actor and the error categories every module shares; no
 * business logic.
 */
@NullMarked
package dev.rampart.shared;

import org.jspecify.annotations.NullMarked;
