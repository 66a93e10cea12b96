package dev.rampart.bi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A PostgreSQL SCRAM-SHA-256 verifier (RFC 7677, PostgreSQL's stored form
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}), made here so that a
 * BI user's password never travels to the BI server or its statement log: only this. The
 * passwords Rampart makes are ASCII letters and digits, which SASLprep leaves as they
 * are.
 */
final class ScramVerifier {

	private static final int ITERATIONS = 4096;

	private static final SecureRandom RANDOM = new SecureRandom();

	private ScramVerifier() {
	}

	static String of(String password) {
		byte[] salt = new byte[16];
		RANDOM.nextBytes(salt);
		return of(password, salt, ITERATIONS);
	}

	static String of(String password, byte[] salt, int iterations) {
		try {
			SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
			byte[] salted = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
				.getEncoded();
			byte[] clientKey = hmac(salted, "Client Key");
			byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
			byte[] serverKey = hmac(salted, "Server Key");
			Base64.Encoder b64 = Base64.getEncoder();
			return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey)
					+ ":" + b64.encodeToString(serverKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
	}

}
