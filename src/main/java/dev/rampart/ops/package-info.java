/**
 * Operator tasks that work across tenants as the schema owner: synthetic data sets for
 * demos and benchmarks.
 */
@NullMarked
package dev.rampart.ops;

import org.jspecify.annotations.NullMarked;
