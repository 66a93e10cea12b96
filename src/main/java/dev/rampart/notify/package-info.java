/**
 * Watching tasks and notifications: who is told what happened, in the app and by mail.
 * Notifications hold ids and a kind, never content; they are shown and mailed only while
 * their recipient may still read what they point at (row-level security on every read,
 * under the recipient's own context).
 */
@NullMarked
package dev.rampart.notify;

import org.jspecify.annotations.NullMarked;
