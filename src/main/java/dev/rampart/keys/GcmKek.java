package dev.rampart.keys;

import com.google.crypto.tink.Aead;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Tink's {@link Aead} over a key-encryption key that stays in its key store: AES-256-GCM
 * done by the store's provider (the HSM for {@code pkcs11}), a fresh 96-bit IV per call
 * (the PKCS#11 provider refuses to reuse one), output {@code IV || ciphertext || tag}.
 * Tink wraps the data keysets with it; the key's bytes are never asked for.
 */
final class GcmKek implements Aead {

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKey key;

	private final Provider provider;

	GcmKek(SecretKey key, Provider provider) {
		this.key = key;
		this.provider = provider;
	}

	@Override
	public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
		byte[] iv = new byte[IV_BYTES];
		RANDOM.nextBytes(iv);
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
		cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
		cipher.updateAAD(associatedData == null ? new byte[0] : associatedData);
		byte[] sealed = cipher.doFinal(plaintext);
		return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
	}

	@Override
	public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
		if (ciphertext.length < IV_BYTES + TAG_BITS / 8) {
			throw new GeneralSecurityException("ciphertext too short");
		}
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
		cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, IV_BYTES));
		cipher.updateAAD(associatedData == null ? new byte[0] : associatedData);
		return cipher.doFinal(ciphertext, IV_BYTES, ciphertext.length - IV_BYTES);
	}

}
