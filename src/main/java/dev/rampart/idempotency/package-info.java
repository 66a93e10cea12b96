/**
 * Idempotent POSTs ({@code Idempotency-Key}, IETF httpapi draft): a retried request with
 * the same key and body gets the first answer again and is never carried out twice; the
 * same key with another body is refused; keys are kept 24 hours per user. The web
 * pipeline ({@code web/IdempotencyFilter}) asks
 * {@link dev.rampart.idempotency.IdempotentRequests}.
 */
@NullMarked
package dev.rampart.idempotency;

import org.jspecify.annotations.NullMarked;
