package dev.rampart.work;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Fractional ranks: strings over the digits {@code 0-9a-z} compared byte by byte (the
 * column's collation is "C"). Between any two there is always another, so moving a task
 * writes that one task's rank and never renumbers a list. A rank never ends in {@code 0},
 * which keeps room below every rank.
 */
final class Ranks {

	private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

	private static final int BASE = DIGITS.length();

	/** The column's size: about a thousand moves into one and the same gap. */
	static final int MAX_LENGTH = 255;

	private Ranks() {
	}

	/**
	 * The end of the list at this time: a new task's rank (the same as the database's
	 * {@code rampart.rank_of_time}, used for tasks inserted without one), and a move to
	 * the bottom. Later times rank lower in the list, and every such rank has the same
	 * length, however often tasks are added or moved to the end.
	 */
	static String ofTime(Instant at) {
		return "x" + digits(ChronoUnit.MICROS.between(Instant.EPOCH, at)) + "i";
	}

	/**
	 * The top of the list at this time: later times rank higher, all above every
	 * {@link #ofTime} rank; moving tasks to the top again and again never lengthens
	 * ranks.
	 */
	static String topAt(Instant at) {
		return "1" + digits(MAX_TWELVE_DIGITS - ChronoUnit.MICROS.between(Instant.EPOCH, at)) + "i";
	}

	/** A move to the top: above {@code first} (the list's first rank, null if empty). */
	static String top(@Nullable String first, Instant now) {
		String top = topAt(now);
		return first == null || top.compareTo(first) < 0 ? top : between(null, first);
	}

	/** A move to the bottom: below {@code last} (the list's last rank, null if empty). */
	static String bottom(@Nullable String last, Instant now) {
		String bottom = ofTime(now);
		return last == null || bottom.compareTo(last) > 0 ? bottom : between(last, null);
	}

	private static final long MAX_TWELVE_DIGITS = 4_738_381_338_321_616_895L;

	private static String digits(long value) {
		long rest = value;
		char[] digits = new char[12];
		for (int i = digits.length - 1; i >= 0; i--) {
			digits[i] = DIGITS.charAt((int) (rest % BASE));
			rest /= BASE;
		}
		return new String(digits);
	}

	/**
	 * A rank after {@code after} and before {@code before} (null: no bound on that side).
	 * Equal or crossed bounds (two tasks that were ranked alike) give a rank just after
	 * {@code after}.
	 */
	static String between(@Nullable String after, @Nullable String before) {
		String low = after == null ? "" : after;
		String high = before != null && (after == null || after.compareTo(before) < 0) ? before : null;
		StringBuilder rank = new StringBuilder();
		for (int i = 0;; i++) {
			int l = i < low.length() ? digit(low.charAt(i)) : 0;
			int h = high == null ? BASE : (i < high.length() ? digit(high.charAt(i)) : 0);
			if (l == h) {
				rank.append(DIGITS.charAt(l));
				continue;
			}
			if (h - l > 1) {
				return rank.append(DIGITS.charAt((l + h) / 2)).toString();
			}
			// Adjacent digits: keep the lower one; what follows only has to exceed the
			// rest
			// of the lower bound.
			rank.append(DIGITS.charAt(l));
			high = null;
		}
	}

	static boolean valid(String rank) {
		return !rank.isEmpty() && rank.length() <= MAX_LENGTH && rank.chars().allMatch(c -> DIGITS.indexOf(c) >= 0)
				&& rank.charAt(rank.length() - 1) != '0';
	}

	private static int digit(char c) {
		int d = DIGITS.indexOf(c);
		if (d < 0) {
			throw new IllegalArgumentException("not a rank digit");
		}
		return d;
	}

}
