/**
 * Error reports and log lines without personal data: unexpected errors are stored with
 * their exception types and stack frames only (no messages), the route template, the
 * request id and an anonymised actor; every log line passes the same scrubber (a log
 * format, not per-call care).
 */
@NullMarked
package dev.rampart.errors;

import org.jspecify.annotations.NullMarked;
