package dev.rampart.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * BCrypt over a keyed pre-hash:
 * {@code bcrypt(base64(HMAC-SHA-256(pepper, NFKC(password))))}. The 44-character pre-hash
 * fits BCrypt's 72-byte input, so every character of a long password counts; and without
 * the server-side pepper a stolen hash cannot be attacked with lists of leaked plain
 * SHA-256 hashes ("shucking"). See docs/security.md. Control C03 (docs/controls.md).
 */
final class PepperedBCryptPasswordEncoder implements PasswordEncoder {

	private final SecretKeySpec pepper;

	private final BCryptPasswordEncoder bcrypt;

	PepperedBCryptPasswordEncoder(byte[] pepper, int cost) {
		this.pepper = new SecretKeySpec(pepper, "HmacSHA256");
		this.bcrypt = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, cost);
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return bcrypt.encode(preHash(rawPassword));
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		return bcrypt.matches(preHash(rawPassword), encodedPassword);
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return bcrypt.upgradeEncoding(encodedPassword);
	}

	private String preHash(CharSequence rawPassword) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(pepper);
			byte[] digest = mac
				.doFinal(PasswordPolicy.normalize(rawPassword.toString()).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
