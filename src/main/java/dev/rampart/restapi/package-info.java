/**
 * The REST adapter under {@code /api/v1}: translates HTTP to module calls and results to
 * JSON, errors to RFC 9457 problem details. No access decisions and no SQL here.
 */
@NullMarked
package dev.rampart.restapi;

import org.jspecify.annotations.NullMarked;
