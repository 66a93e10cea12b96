package dev.rampart.identity;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;

/**
 * Time-based one-time passwords, RFC 6238 as authenticator apps do them: HMAC-SHA1, 6
 * digits, 30-second steps, the current step and one on either side accepted. A code is
 * accepted only for a step later than the last one used, so a code cannot be used twice.
 */
final class Totp {

	static final int SEED_BYTES = 20;

	private static final int STEP_SECONDS = 30;

	private static final int DIGITS = 6;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

	private Totp() {
	}

	static byte[] newSeed() {
		dev.rampart.shared.ShownOnce.issued();
		byte[] seed = new byte[SEED_BYTES];
		RANDOM.nextBytes(seed);
		return seed;
	}

	/**
	 * The step the code belongs to, if it matches the current step or one next to it and
	 * is later than {@code lastUsedStep}; empty otherwise. Every candidate is compared,
	 * in constant time.
	 */
	static OptionalLong verify(byte[] seed, String code, long epochSecond, long lastUsedStep) {
		if (code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return OptionalLong.empty();
		}
		long now = epochSecond / STEP_SECONDS;
		long matched = -1;
		for (long step = now - 1; step <= now + 1; step++) {
			boolean equal = MessageDigest.isEqual(code(seed, step).getBytes(StandardCharsets.US_ASCII),
					code.getBytes(StandardCharsets.US_ASCII));
			if (equal && step > lastUsedStep && matched < 0) {
				matched = step;
			}
		}
		return matched < 0 ? OptionalLong.empty() : OptionalLong.of(matched);
	}

	/** The code of one step (RFC 4226 dynamic truncation). */
	static String code(byte[] seed, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(seed, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format("%06d", binary % 1_000_000);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is not available", ex);
		}
	}

	static long stepAt(long epochSecond) {
		return epochSecond / STEP_SECONDS;
	}

	static String base32(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		int buffer = 0;
		int bits = 0;
		for (byte b : bytes) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				out.append(BASE32[(buffer >> (bits - 5)) & 31]);
				bits -= 5;
			}
		}
		if (bits > 0) {
			out.append(BASE32[(buffer << (5 - bits)) & 31]);
		}
		return out.toString();
	}

	/**
	 * The otpauth URI authenticator apps read: issuer and account (the email) in the
	 * label, issuer again as a parameter.
	 */
	static String uri(String issuer, String account, byte[] seed) {
		String label = URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20") + ":"
				+ URLEncoder.encode(account, StandardCharsets.UTF_8).replace("+", "%20");
		return "otpauth://totp/" + label + "?secret=" + base32(seed) + "&issuer="
				+ URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20") + "&algorithm=SHA1&digits="
				+ DIGITS + "&period=" + STEP_SECONDS;
	}

	/**
	 * A QR code of the URI as a PNG (ZXing), 4 modules of quiet zone, error correction M.
	 */
	static byte[] qrPng(String uri) {
		try {
			BitMatrix matrix = new QRCodeWriter().encode(uri, BarcodeFormat.QR_CODE, 256, 256,
					Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
			BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(),
					BufferedImage.TYPE_BYTE_BINARY);
			for (int y = 0; y < matrix.getHeight(); y++) {
				for (int x = 0; x < matrix.getWidth(); x++) {
					image.setRGB(x, y, matrix.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
				}
			}
			ByteArrayOutputStream png = new ByteArrayOutputStream();
			ImageIO.write(image, "png", png);
			return png.toByteArray();
		}
		catch (WriterException ex) {
			throw new IllegalStateException("the enrolment URI does not fit a QR code", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
