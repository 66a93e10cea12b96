/**
 * The work module's implementation that no other module may use: Spring wiring, listeners
 * and the module's contributions to other modules' extension points.
 */
@NullMarked
package dev.rampart.work.internal;

import org.jspecify.annotations.NullMarked;
