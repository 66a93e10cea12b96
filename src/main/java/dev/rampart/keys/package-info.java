/**
 * The key store: keys that must not live in the database. Today the local key store in the data
 * directory holds the Ed25519 key that signs activity-log checkpoints and archives; the HSM-backed
 * store and the data keys arrive with encryption at rest.
 */
@NullMarked
package dev.rampart.keys;

import org.jspecify.annotations.NullMarked;
