/** How webhooks are queued, signed and sent, and whom Rampart may connect to. */
@NullMarked
package dev.rampart.hooks.internal;

import org.jspecify.annotations.NullMarked;
