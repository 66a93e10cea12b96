package dev.rampart.shared;

import java.text.Normalizer;

/**
 * Validation of user-entered text: NFKC, bounded length in code points, no control
 * characters.
 */
public final class TextFields {

	private TextFields() {
	}

	/** A one-line name: trimmed, 1 to {@code max} characters, no control characters. */
	public static String name(String field, String value, int max) {
		String normalized = Normalizer.normalize(value.strip(), Normalizer.Form.NFKC);
		requireLength(field, normalized, 1, max);
		if (normalized.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL)) {
			throw new InvalidInput(field, "must not contain control characters");
		}
		return normalized;
	}

	/**
	 * Free text: 0 to {@code max} characters; line breaks and tabs allowed, other control
	 * characters not.
	 */
	public static String text(String field, String value, int max) {
		String normalized = Normalizer.normalize(value, Normalizer.Form.NFC);
		requireLength(field, normalized, 0, max);
		if (normalized.codePoints()
			.anyMatch(cp -> Character.getType(cp) == Character.CONTROL && cp != '\n' && cp != '\r' && cp != '\t')) {
			throw new InvalidInput(field, "must not contain control characters other than line breaks and tabs");
		}
		return normalized;
	}

	/**
	 * What a field with a lone UTF-16 surrogate (not a character; UTF-8 cannot hold it)
	 * is told.
	 */
	public static final String LONE_SURROGATE = "must be valid Unicode text (it holds a lone surrogate)";

	private static void requireValidUnicode(String field, String value) {
		if (value.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
			throw new InvalidInput(field, LONE_SURROGATE);
		}
	}

	private static void requireLength(String field, String value, int min, int max) {
		requireValidUnicode(field, value);
		int length = value.codePointCount(0, value.length());
		if (length < min || length > max) {
			throw new InvalidInput(field, "must have between " + min + " and " + max + " characters");
		}
	}

}
