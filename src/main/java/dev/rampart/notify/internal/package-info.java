/** How notifications come about and go out: the fan-out, due dates, mail. */
@NullMarked
package dev.rampart.notify.internal;

import org.jspecify.annotations.NullMarked;
