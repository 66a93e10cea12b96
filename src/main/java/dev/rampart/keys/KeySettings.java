package dev.rampart.keys;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.keys.*}: which key store holds the key-encryption keys, and how data
 * keys are rotated and cached.
 *
 * @param store {@code local} (default, PKCS#12 in the data directory) or {@code pkcs11}
 * (an HSM)
 * @param local the local store's file and passphrase
 * @param pkcs11 the HSM's PKCS#11 library, slot and PIN
 * @param rotationPeriod how old a data key may get before a new one becomes primary (at
 * most 180 days)
 * @param cacheSize unwrapped keysets kept in memory
 * @param cacheTime how long an unwrapped keyset stays in memory
 * @param rotationCheck how often the rotation job looks for keysets older than the
 * rotation period (1m to 24h)
 * @param reencryptionInterval how often the re-encryption job looks for content sealed
 * under a retired key (1s to 24h)
 */
@ConfigurationProperties("rampart.keys")
public record KeySettings(@DefaultValue("local") String store, @DefaultValue Local local, @DefaultValue Pkcs11 pkcs11,
		@DefaultValue("180d") Duration rotationPeriod, @DefaultValue("10000") int cacheSize,
		@DefaultValue("10m") Duration cacheTime, @DefaultValue("1h") Duration rotationCheck,
		@DefaultValue("1m") Duration reencryptionInterval) {

	public KeySettings {
		if (!store.equals("local") && !store.equals("pkcs11")) {
			throw new IllegalArgumentException("rampart.keys.store must be local or pkcs11");
		}
		if (rotationPeriod.compareTo(Duration.ofDays(180)) > 0 || rotationPeriod.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalArgumentException("rampart.keys.rotation-period must be between 1h and 180d");
		}
		if (cacheSize < 1 || cacheTime.isNegative() || cacheTime.compareTo(Duration.ofHours(24)) > 0) {
			throw new IllegalArgumentException("rampart.keys.cache-size must be positive, cache-time at most 24h");
		}
		if (rotationCheck.compareTo(Duration.ofMinutes(1)) < 0 || rotationCheck.compareTo(Duration.ofHours(24)) > 0) {
			throw new IllegalArgumentException("rampart.keys.rotation-check must be between 1m and 24h");
		}
		if (reencryptionInterval.compareTo(Duration.ofSeconds(1)) < 0
				|| reencryptionInterval.compareTo(Duration.ofHours(24)) > 0) {
			throw new IllegalArgumentException("rampart.keys.reencryption-interval must be between 1s and 24h");
		}
	}

	/**
	 * @param file the PKCS#12 file (default {@code $RAMPART_HOME/keys/rampart.p12})
	 * @param passphrase the passphrase ({@code RAMPART_KEYS_LOCAL_PASSPHRASE})
	 * @param passphraseFile a file holding it; if neither is set one is generated (with a
	 * warning)
	 */
	public record Local(@Nullable Path file, @Nullable String passphrase, @Nullable Path passphraseFile) {

		@Override
		public String toString() {
			return "Local[file=" + file + ", passphraseFile=" + passphraseFile + "]";
		}

	}

	/**
	 * @param library the PKCS#11 module (SoftHSM2:
	 * {@code /usr/lib/softhsm/libsofthsm2.so})
	 * @param slotListIndex the token's slot index
	 * @param pin the user PIN ({@code RAMPART_KEYS_PKCS11_PIN})
	 * @param pinFile a file holding it
	 */
	public record Pkcs11(@Nullable String library, @DefaultValue("0") int slotListIndex, @Nullable String pin,
			@Nullable Path pinFile) {

		@Override
		public String toString() {
			return "Pkcs11[library=" + library + ", slotListIndex=" + slotListIndex + ", pinFile=" + pinFile + "]";
		}

	}

}
