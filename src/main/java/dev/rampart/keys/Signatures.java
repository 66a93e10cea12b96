package dev.rampart.keys;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;

/**
 * What both signing-key stores do the same way: name a key and check a signature against
 * it.
 */
final class Signatures {

	private Signatures() {
	}

	/**
	 * {@code prefix} and the first 8 bytes of the SHA-256 of the encoded public key, in
	 * hex.
	 */
	static String keyId(String prefix, PublicKey key) throws GeneralSecurityException {
		return prefix + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
	}

	/**
	 * True when {@code keyId} names {@code key} and the signature is valid. Checked in
	 * software: the public key is public, and this keeps verification off the HSM.
	 */
	static boolean verify(String algorithm, String expectedKeyId, PublicKey key, String keyId, byte[] message,
			byte[] signatureBytes) {
		if (!expectedKeyId.equals(keyId)) {
			return false;
		}
		try {
			Signature signature = Signature.getInstance(algorithm);
			signature.initVerify(key);
			signature.update(message);
			return signature.verify(signatureBytes);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

}
