package dev.rampart.hooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures by the Standard Webhooks specification: HMAC-SHA256 under the secret's bytes
 * (the base64 after {@code whsec_}) over {@code id.timestamp.body}, sent as
 * {@code webhook-signature: v1,<base64>}, several separated by spaces while a rotated-out
 * secret still signs.
 */
public final class WebhookSignature {

	private static final String PREFIX = "whsec_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSignature() {
	}

	/** A new secret: 32 random bytes. */
	public static String newSecret() {
		dev.rampart.shared.ShownOnce.issued();
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/** The {@code webhook-signature} header's value for every secret given. */
	public static String header(List<String> secrets, String id, long timestamp, byte[] body) {
		return secrets.stream().map(s -> "v1," + sign(s, id, timestamp, body)).collect(Collectors.joining(" "));
	}

	static String sign(String secret, String id, long timestamp, byte[] body) {
		if (!secret.startsWith(PREFIX)) {
			throw new IllegalArgumentException("not a webhook secret");
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
		}
	}

}
