package dev.rampart.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Session tokens: 32 bytes from {@link SecureRandom} (256 bits, above ASVS's 128),
 * base64url without padding. Only their SHA-256 is stored; a database reader cannot
 * replay a session. Control C04 (docs/controls.md).
 */
public final class SessionTokens {

	private static final int TOKEN_BYTES = 32;

	private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private SessionTokens() {
	}

	public static String newToken() {
		dev.rampart.shared.ShownOnce.issued();
		byte[] bytes = new byte[TOKEN_BYTES];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The stored form of a well-formed token; empty for anything that cannot be one. */
	public static Optional<byte[]> hashOf(String token) {
		return wellFormed(token) ? Optional.of(sha256(token)) : Optional.empty();
	}

	/**
	 * Whether {@code token} has the shape of one Rampart issued (256 bits, base64url).
	 */
	static boolean wellFormed(String token) {
		return SHAPE.matcher(token).matches();
	}

	public static byte[] sha256(String token) {
		return sha256Bytes(token.getBytes(StandardCharsets.US_ASCII));
	}

	static byte[] sha256Bytes(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
