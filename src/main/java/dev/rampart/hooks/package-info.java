/**
 * Webhooks: an organization's or a project's subscriptions to events, delivered to a
 * receiver by the Standard Webhooks specification (signed, with retries from an outbox).
 * A delivery holds only what the webhook's creator may see, is queued only when they may
 * see the task, and goes only while they still may. Receivers are reached only at public
 * addresses (checked after DNS resolution, on every connection and redirect) unless an
 * operator allow-lists a network.
 */
@NullMarked
package dev.rampart.hooks;

import org.jspecify.annotations.NullMarked;
