package dev.rampart.identity;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * NIST SP 800-63B-4 / OWASP ASVS 5.0 V6.2 password rules: length in code points after
 * NFKC normalisation, no composition rules, and rejection of common, guessable or
 * personal passwords. Each rejection says why. Control C02 (docs/controls.md).
 */
@Component
class PasswordPolicy {

	/**
	 * zxcvbn's own advice: analysing more than this many characters costs time and adds
	 * nothing.
	 */
	private static final int STRENGTH_ANALYSIS_LIMIT = 100;

	/** The 30,000 most common passwords, the frequency list zxcvbn ships with. */
	private static final String COMMON_PASSWORDS = "com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";

	private final IdentitySettings settings;

	private final Zxcvbn zxcvbn = new Zxcvbn();

	private final Set<String> commonPasswords;

	PasswordPolicy(IdentitySettings settings) {
		this.settings = settings;
		this.commonPasswords = loadCommonPasswords();
	}

	/** The form a password is checked, hashed and compared in. */
	static String normalize(String password) {
		return Normalizer.normalize(password, Normalizer.Form.NFKC);
	}

	/** Throws {@link WeakPassword} naming the first rule the password breaks. */
	void check(String password, String email, String displayName) {
		String normalized = normalize(password);
		int length = normalized.codePointCount(0, normalized.length());
		if (length < settings.passwordMinLength()) {
			throw new WeakPassword("password must have at least " + settings.passwordMinLength() + " characters");
		}
		if (length > settings.passwordMaxLength()) {
			throw new WeakPassword("password must have at most " + settings.passwordMaxLength() + " characters");
		}
		String lower = normalized.toLowerCase(Locale.ROOT);
		if (commonPasswords.contains(lower)) {
			throw new WeakPassword("password is one of the most commonly used passwords");
		}
		for (String personal : personalWords(email, displayName)) {
			if (lower.contains(personal)) {
				throw new WeakPassword("password must not contain your email address or name");
			}
		}
		Strength strength = zxcvbn.measure(prefix(normalized), new ArrayList<>(personalWords(email, displayName)));
		int score = strength.getScore();
		strength.wipe();
		if (score < settings.passwordMinScore()) {
			throw new WeakPassword("password is too easy to guess: add more words or characters that are unrelated");
		}
	}

	private static String prefix(String normalized) {
		int count = normalized.codePointCount(0, normalized.length());
		if (count <= STRENGTH_ANALYSIS_LIMIT) {
			return normalized;
		}
		return normalized.substring(0, normalized.offsetByCodePoints(0, STRENGTH_ANALYSIS_LIMIT));
	}

	private static List<String> personalWords(String email, String displayName) {
		List<String> words = new ArrayList<>();
		String lowerEmail = email.toLowerCase(Locale.ROOT);
		words.add(lowerEmail);
		int at = lowerEmail.indexOf('@');
		if (at >= 3) {
			words.add(lowerEmail.substring(0, at));
		}
		String name = Normalizer.normalize(displayName, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
		if (name.length() >= 3) {
			words.add(name);
		}
		for (String part : name.split("[\\s._-]+")) {
			if (part.length() >= 4) {
				words.add(part);
			}
		}
		return words;
	}

	private static Set<String> loadCommonPasswords() {
		Set<String> passwords = new HashSet<>(40_000);
		try (InputStream in = Objects.requireNonNull(
				PasswordPolicy.class.getClassLoader().getResourceAsStream(COMMON_PASSWORDS),
				"common password list missing from the classpath");
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			reader.lines()
				.map(String::strip)
				.filter(line -> !line.isEmpty())
				.forEach(line -> passwords.add(line.toLowerCase(Locale.ROOT)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Set.copyOf(passwords);
	}

}
