/**
 * The key store and the data keys: KEKs that never leave the key store (a local PKCS#12
 * file or an HSM through PKCS#11), per-organization Tink keysets wrapped by them
 * ({@link dev.rampart.keys.DataKeys}), column sealing and blind indexes
 * ({@link dev.rampart.keys.FieldCipher}), and the activity log's signing key
 * ({@link dev.rampart.keys.SigningKeys}). See docs/keys.md.
 */
@NullMarked
package dev.rampart.keys;

import org.jspecify.annotations.NullMarked;
