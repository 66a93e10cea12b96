/**
 * Platform web concerns: HTTPS with a generated or configured certificate, the plain-HTTP
 * redirect, the security filter chain (session tokens, headers, Origin check) and problem
 * details for errors raised before a controller runs.
 */
@NullMarked
package dev.rampart.web;

import org.jspecify.annotations.NullMarked;
