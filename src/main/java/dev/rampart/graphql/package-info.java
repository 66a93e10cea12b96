/**
 * The GraphQL adapter at /graphql: the same application services and access decisions as
 * the REST API, with DataLoader batching for nested fields and abuse limits (depth,
 * complexity, aliases, tokens, execution time, persisted queries, introspection off by
 * default).
 */
@NullMarked
package dev.rampart.graphql;

import org.jspecify.annotations.NullMarked;
