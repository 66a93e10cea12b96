package dev.rampart.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what a log line or report must not carry: email addresses, secrets written as
 * key=value or "key": "value", bearer credentials, anything shaped like a token, query
 * parameter values, and the host part of IP addresses (IPv4 kept to its /24, IPv6 to its
 * /48). Free text such as names cannot be recognised by shape, so exception messages are
 * never kept at all ({@link StackTraces}); this scrubber is the second line, for the
 * messages of log statements.
 */
final class Scrubber {

	private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}");

	private static final Pattern SECRET_PAIR = Pattern
		.compile("(?i)(pass(?:word|wd|phrase)?|secret|token|authorization|cookie|api[_-]?key|pin|otp|totp|code)"
				+ "(\"?\\s*[:=]\\s*\"?)([^\\s\"&,;}]+)");

	private static final Pattern BEARER = Pattern.compile("(?i)(bearer|basic)\\s+[A-Za-z0-9._~+/=\\-]+");

	private static final Pattern QUERY_VALUE = Pattern.compile("([?&][A-Za-z0-9_.\\-\\[\\]]{1,64}=)[^&\\s\"]*");

	private static final Pattern IPV4 = Pattern.compile("\\b(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\b");

	private static final Pattern IPV6 = Pattern.compile(
			"(?<![0-9A-Fa-f:])(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){5})([0-9A-Fa-f]{0,4}):([0-9A-Fa-f]{0,4}):?([0-9A-Fa-f]{0,4})[0-9A-Fa-f:]*(?![0-9A-Fa-f:])");

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-+/]{32,}={0,2}");

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private Scrubber() {
	}

	public static String scrub(String text) {
		if (text.isEmpty()) {
			return text;
		}
		String out = EMAIL.matcher(text).replaceAll("[email]");
		out = BEARER.matcher(out).replaceAll("$1 [redacted]");
		out = SECRET_PAIR.matcher(out).replaceAll("$1$2[redacted]");
		out = QUERY_VALUE.matcher(out).replaceAll("$1[redacted]");
		out = replace(TOKEN, out, token -> UUID.matcher(token).matches() || token.chars().allMatch(Character::isDigit)
				|| looksLikePath(token) ? token : "[token]");
		out = IPV4.matcher(out).replaceAll("$1.$2.$3.0/24");
		out = replace(IPV6, out, address -> truncate6(address));
		return out;
	}

	/**
	 * A file path ({@code /var/lib/rampart/keys/rampart}) is no secret and must stay
	 * readable in the log: it starts with a slash, has no '+', and none of its segments
	 * is long or looks random (mixed case and digits, as base64 does; or 64 characters
	 * and more). A token that happens to contain a slash fails one of these.
	 */
	private static boolean looksLikePath(String token) {
		if (token.charAt(0) != '/' || token.indexOf('+') >= 0) {
			return false;
		}
		for (String segment : token.substring(1).split("/", -1)) {
			if (segment.length() >= 64 || (segment.length() >= 12 && segment.chars().anyMatch(Character::isUpperCase)
					&& segment.chars().anyMatch(Character::isLowerCase)
					&& segment.chars().anyMatch(Character::isDigit))) {
				return false;
			}
		}
		return true;
	}

	/** IPv4 to its /24, IPv6 to its /48: enough to see a network, not a subscriber. */
	public static String truncateAddress(String address) {
		Matcher v4 = IPV4.matcher(address);
		if (v4.matches()) {
			return v4.group(1) + "." + v4.group(2) + "." + v4.group(3) + ".0/24";
		}
		return address.contains(":") ? truncate6(address) : "[address]";
	}

	private static String truncate6(String address) {
		String[] halves = address.split("::", -1);
		String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < 3; i++) {
			out.append(i < head.length ? head[i] : "0").append(i < 2 ? ":" : "");
		}
		return out.append("::/48").toString();
	}

	private static String replace(Pattern pattern, String text, java.util.function.UnaryOperator<String> replacement) {
		Matcher matcher = pattern.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher.group())));
		}
		matcher.appendTail(out);
		return out.toString();
	}

}
