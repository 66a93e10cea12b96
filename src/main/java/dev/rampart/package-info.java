/** Rampart, a secure multi-tenant project and process management platform. */
@NullMarked
package dev.rampart;

import org.jspecify.annotations.NullMarked;
