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
 * methods with Tink's {@code KmsClient} (see docs/keys.md).
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
	 * The organization's own wrapping key, if the store holds it. Its keysets are wrapped
	 * by it inside the KEK, so destroying it (an organization's deletion) makes every
	 * copy of them useless, including those in backups taken before.
	 */
	java.util.Optional<Aead> organizationKey(java.util.UUID org);

	/**
	 * Generates the organization's wrapping key inside the store, or returns the one
	 * another node made meanwhile. Callers serialize creation across nodes.
	 */
	Aead createOrganizationKey(java.util.UUID org);

	/**
	 * Destroys the organization's wrapping key inside the store; false if there was none.
	 */
	boolean destroyOrganizationKey(java.util.UUID org);

	/** How many organizations' wrapping keys the store holds. */
	int organizationKeyCount();

	/**
	 * Whether the KEK's bytes can leave the store (false for an HSM key; the local
	 * store's can).
	 */
	boolean extractable(String kekId);

}
