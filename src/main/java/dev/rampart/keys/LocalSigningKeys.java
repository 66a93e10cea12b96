package dev.rampart.keys;

import dev.rampart.shared.RampartHome;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The local key store's Ed25519 signing key (with {@code rampart.keys.store=local}; the
 * HSM store keeps its own, {@link HsmSigningKeys}): generated on first start into an
 * owner-only file of the data directory ({@code secrets/audit-signing-key}), private and
 * public key together. Nodes that share a database must share this file, as they share
 * the password pepper.
 */
class LocalSigningKeys implements SigningKeys {

	private static final String ALGORITHM = "Ed25519";

	private final PrivateKey privateKey;

	private final PublicKey publicKey;

	private final String keyId;

	LocalSigningKeys(RampartHome home) {
		String stored = home.secret("audit-signing-key", LocalSigningKeys::generate);
		String[] parts = stored.split(":");
		try {
			KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
			this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0])));
			this.publicKey = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[1])));
			this.keyId = Signatures.keyId("local-ed25519-", publicKey);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException("the audit signing key in " + home.path().resolve("secrets")
					+ " is unreadable (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static String generate() {
		try {
			KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
			return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + ":"
					+ Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is not available in this JDK", ex);
		}
	}

	@Override
	public String currentKeyId() {
		return keyId;
	}

	@Override
	public byte[] sign(byte[] message) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initSign(privateKey);
			signature.update(message);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("signing failed", ex);
		}
	}

	@Override
	public boolean verify(String id, byte[] message, byte[] signatureBytes) {
		return Signatures.verify(ALGORITHM, keyId, publicKey, id, message, signatureBytes);
	}

}
