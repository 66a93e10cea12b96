/**
 * Rate limits: token buckets per source address, per user, per session token, and
 * separate budgets for expensive work (GraphQL cost, search, exports), kept in PostgreSQL
 * through Bucket4j so every node draws from the same buckets.
 * {@link dev.rampart.ratelimit.RateLimits} is the module's API; the web adapters turn a
 * refusal into 429 with Retry-After and RateLimit headers.
 */
@NullMarked
package dev.rampart.ratelimit;

import org.jspecify.annotations.NullMarked;
