package dev.rampart.keys;

import com.google.crypto.tink.Aead;
import dev.rampart.keys.spi.KekStore;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KekStore} over a {@link KeyStore} and the provider that does its cryptography:
 * KEKs under the aliases {@code kek-1}, {@code kek-2}, ... (the highest is current) and a
 * {@code store-id} key whose check value (AES of a zero block, computed in the store)
 * names it.
 */
abstract class JcaKekStore implements KekStore {

	private static final String STORE_ID_ALIAS = "store-id";

	private static final String KEK_PREFIX = "kek-";

	private static final String ORGANIZATION_PREFIX = "org-";

	private final KeyStore keyStore;

	private final Provider provider;

	private final KeyStore.@Nullable ProtectionParameter protection;

	private String storeId = "";

	JcaKekStore(KeyStore keyStore, Provider provider, KeyStore.@Nullable ProtectionParameter protection) {
		this.keyStore = keyStore;
		this.provider = provider;
		this.protection = protection;
	}

	KeyStore keyStore() {
		return keyStore;
	}

	Provider provider() {
		return provider;
	}

	/**
	 * Creates the store-id key and the first KEK if the store is new; computes the id.
	 */
	final synchronized void open() {
		try {
			if (!keyStore.containsAlias(STORE_ID_ALIAS)) {
				store(STORE_ID_ALIAS, generateAes());
				store(KEK_PREFIX + 1, generateAes());
				saved();
			}
			Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding", provider);
			ecb.init(Cipher.ENCRYPT_MODE, secretKey(STORE_ID_ALIAS));
			byte[] check = ecb.doFinal(new byte[16]);
			this.storeId = kind() + "-" + HexFormat.of().formatHex(check, 0, 8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the " + kind() + " key store cannot be opened: "
					+ ex.getClass().getSimpleName() + " (" + ex.getMessage() + ")", ex);
		}
	}

	/** Called after the key store changed (the local store writes its file). */
	abstract void saved() throws GeneralSecurityException;

	/**
	 * Reads the store again: another node sharing it may have added or destroyed a key
	 * since it was opened.
	 */
	abstract void reload() throws GeneralSecurityException;

	/** A change made by reading the store again, changing it and saving it. */
	@FunctionalInterface
	interface Change<T> {

		T apply() throws GeneralSecurityException;

	}

	/**
	 * Runs {@code change} so no other process sharing the store changes it meanwhile (the
	 * local store locks its file; a token serializes by itself).
	 */
	<T> T changing(Change<T> change) throws GeneralSecurityException {
		return change.apply();
	}

	private SecretKey generateAes() throws GeneralSecurityException {
		KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
		generator.init(256);
		return generator.generateKey();
	}

	private void store(String alias, SecretKey key) throws GeneralSecurityException {
		keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(key), protection);
	}

	private SecretKey secretKey(String alias) throws GeneralSecurityException {
		char[] password = protection instanceof KeyStore.PasswordProtection p ? p.getPassword() : null;
		Key key = keyStore.getKey(alias, password);
		if (!(key instanceof SecretKey secret)) {
			throw new GeneralSecurityException("no secret key under " + alias);
		}
		return secret;
	}

	@Override
	public String storeId() {
		return storeId;
	}

	@Override
	public synchronized List<String> kekIds() {
		try {
			List<Integer> numbers = new ArrayList<>();
			for (String alias : Collections.list(keyStore.aliases())) {
				String lower = alias.toLowerCase(Locale.ROOT);
				if (lower.startsWith(KEK_PREFIX)) {
					numbers.add(Integer.parseInt(lower.substring(KEK_PREFIX.length())));
				}
			}
			Collections.sort(numbers);
			return numbers.stream().map(n -> KEK_PREFIX + n).toList();
		}
		catch (GeneralSecurityException | NumberFormatException ex) {
			throw new IllegalStateException("cannot list the KEKs of the " + kind() + " key store", ex);
		}
	}

	@Override
	public String currentKekId() {
		List<String> ids = kekIds();
		return ids.get(ids.size() - 1);
	}

	@Override
	public synchronized Aead kek(String kekId) {
		try {
			return new GcmKek(secretKey(kekId), provider);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the " + kind() + " key store has no usable KEK " + kekId, ex);
		}
	}

	@Override
	public synchronized String createKek() {
		try {
			return changing(() -> {
				reload();
				List<String> ids = kekIds();
				int next = Integer.parseInt(ids.get(ids.size() - 1).substring(KEK_PREFIX.length())) + 1;
				store(KEK_PREFIX + next, generateAes());
				saved();
				return KEK_PREFIX + next;
			});
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the " + kind() + " key store could not create a KEK", ex);
		}
	}

	@Override
	public synchronized java.util.Optional<Aead> organizationKey(java.util.UUID org) {
		String alias = ORGANIZATION_PREFIX + org;
		try {
			if (!keyStore.containsAlias(alias)) {
				reload();
				if (!keyStore.containsAlias(alias)) {
					return java.util.Optional.empty();
				}
			}
			return java.util.Optional.of(new GcmKek(secretKey(alias), provider));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the " + kind() + " key store cannot read an organization key", ex);
		}
	}

	@Override
	public synchronized Aead createOrganizationKey(java.util.UUID org) {
		String alias = ORGANIZATION_PREFIX + org;
		try {
			return changing(() -> {
				reload();
				if (!keyStore.containsAlias(alias)) {
					store(alias, generateAes());
					saved();
				}
				return new GcmKek(secretKey(alias), provider);
			});
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the " + kind() + " key store could not create an organization key", ex);
		}
	}

	@Override
	public synchronized boolean destroyOrganizationKey(java.util.UUID org) {
		String alias = ORGANIZATION_PREFIX + org;
		try {
			return changing(() -> {
				reload();
				if (!keyStore.containsAlias(alias)) {
					return false;
				}
				keyStore.deleteEntry(alias);
				saved();
				return true;
			});
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the " + kind() + " key store could not destroy an organization key", ex);
		}
	}

	@Override
	public synchronized int organizationKeyCount() {
		try {
			int count = 0;
			for (String alias : Collections.list(keyStore.aliases())) {
				if (alias.toLowerCase(Locale.ROOT).startsWith(ORGANIZATION_PREFIX)) {
					count++;
				}
			}
			return count;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot list the " + kind() + " key store", ex);
		}
	}

	@Override
	public synchronized boolean extractable(String kekId) {
		try {
			return secretKey(kekId).getEncoded() != null;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("no KEK " + kekId, ex);
		}
	}

}
