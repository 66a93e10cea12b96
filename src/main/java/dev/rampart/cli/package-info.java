/**
 * The operator command line (picocli): serve, migrate, admin and seed commands over
 * module APIs.
 */
@NullMarked
package dev.rampart.cli;

import org.jspecify.annotations.NullMarked;
