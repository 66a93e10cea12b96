package dev.rampart.shared;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The one canonical form of an email address, used for storage and every lookup. */
public final class Emails {

	private static final Pattern SHAPE = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");

	private static final int MAX_LENGTH = 254;

	private Emails() {
	}

	/** Normalises (NFKC, trimmed, lower case) and validates an address. */
	public static String normalize(String field, String email) {
		String normalized = Normalizer.normalize(email.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		if (normalized.isEmpty() || normalized.length() > MAX_LENGTH || !SHAPE.matcher(normalized).matches()) {
			throw new InvalidInput(field, "must be an email address of at most " + MAX_LENGTH + " characters");
		}
		return normalized;
	}

}
