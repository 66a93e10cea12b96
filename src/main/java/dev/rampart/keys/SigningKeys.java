package dev.rampart.keys;

/**
 * Signs with a private key the caller never sees, and verifies against the public keys
 * the key store trusts (the current one and any it signed with before). The database is
 * not trusted for public keys: someone who can rewrite the log could also register a key
 * of their own.
 */
public interface SigningKeys {

	/** The id of the key {@link #sign} uses: recorded next to each signature. */
	String currentKeyId();

	byte[] sign(byte[] message);

	/** True when {@code keyId} is a key this store trusts and the signature is valid. */
	boolean verify(String keyId, byte[] message, byte[] signature);

}
