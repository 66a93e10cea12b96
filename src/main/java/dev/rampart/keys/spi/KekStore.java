package dev.rampart.keys.spi;

import com.google.crypto.tink.Aead;
import java.util.List;

/**
 * Where key-encryption keys live: never in the database, never handed out as bytes. Each
 * store has an id (a check value computed inside the store) that is recorded with every
 * key it wraps, so a node pointed at another environment's store is refused at start.
 *
 * <p>
 * Implementations: {@code local} (PKCS#12 in the data directory) and {@code pkcs11} (an
 * HSM through SunPKCS11). A cloud KMS or Vault transit store would implement the same
 * four methods with Tink's {@code KmsClient} (see docs/keys.md).
 */
public interface KekStore {

	/** "local" or "pkcs11". */
	String kind();

	/**
	 * Identifies this store (environment): the same on every node that uses it, different
	 * elsewhere.
	 */
	String storeId();

	/** The KEK new keysets are wrapped with. */
	String currentKekId();

	/** Every KEK the store holds, oldest first. */
	List<String> kekIds();

	/** Wrapping and unwrapping with one KEK, done by the store. */
	Aead kek(String kekId);

	/** Generates a new KEK inside the store; it becomes the current one. */
	String createKek();

	/**
	 * Whether the KEK's bytes can leave the store (false for an HSM key; the local
	 * store's can).
	 */
	boolean extractable(String kekId);

}
