package dev.rampart;

import java.nio.ByteBuffer;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 codes computed here, apart from Rampart's implementation: what an
 * authenticator app shows.
 */
public final class TotpCodes {

	private TotpCodes() {
	}

	/** The code for the 30-second step {@code offset} steps from now. */
	public static String code(String base32Secret, int offset) {
		long step = Instant.now().getEpochSecond() / 30 + offset;
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(decode(base32Secret), "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offsetByte = hash[19] & 0xf;
			int value = ((hash[offsetByte] & 0x7f) << 24 | (hash[offsetByte + 1] & 0xff) << 16
					| (hash[offsetByte + 2] & 0xff) << 8 | (hash[offsetByte + 3] & 0xff)) % 1_000_000;
			return String.format("%06d", value);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] decode(String base32) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		ByteBuffer out = ByteBuffer.allocate(base32.length() * 5 / 8);
		int buffer = 0;
		int bits = 0;
		for (char c : base32.toCharArray()) {
			buffer = (buffer << 5) | alphabet.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				out.put((byte) (buffer >> (bits - 8)));
				bits -= 8;
			}
		}
		return out.array();
	}

}
