package dev.rampart.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What of a request's data the log keeps. An allow-list: values of fields named in
 * {@link AuditSettings#recordedFields()} are kept (strings cut to the configured length);
 * every other field is kept by name with the value {@code [redacted]}. Secrets
 * (passwords, tokens, keys, one-time codes) and the configured personal fields are
 * redacted whatever the allow-list says. Objects and lists are filtered field by field.
 */
final class RequestDataFilter {

	static final String REDACTED = "[redacted]";

	/**
	 * Parts of a field name that mark a secret; matched case-insensitively, never
	 * configurable away.
	 */
	private static final List<String> SECRET_MARKS = List.of("password", "passphrase", "passwd", "secret", "token",
			"totp", "otp", "credential", "apikey", "api_key", "privatekey", "private_key", "recovery", "pepper",
			"cookie", "authorization", "signature");

	private static final Set<String> SECRET_NAMES = Set.of("code", "pin", "key", "seed");

	private final Set<String> recorded;

	private final Set<String> personal;

	private final int maxLength;

	RequestDataFilter(AuditSettings settings) {
		this.recorded = settings.recordedFields();
		this.personal = settings.personalFields()
			.stream()
			.map(n -> n.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
		this.maxLength = settings.maxValueLength();
	}

	/** The filtered data as canonical JSON ("{}" when there is none). */
	String filter(Map<String, ? extends @Nullable Object> data) {
		return CanonicalJson.write(filterObject(data));
	}

	private Map<String, @Nullable Object> filterObject(Map<?, ?> data) {
		Map<String, @Nullable Object> kept = new LinkedHashMap<>();
		data.forEach((key, value) -> kept.put(String.valueOf(key), filterField(String.valueOf(key), value)));
		return kept;
	}

	private @Nullable Object filterField(String name, @Nullable Object value) {
		if (isSecret(name) || personal.contains(name.toLowerCase(Locale.ROOT))) {
			return value == null ? null : REDACTED;
		}
		if (value instanceof Map<?, ?> nested) {
			return filterObject(nested);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> kept = new ArrayList<>();
			list.forEach(element -> kept.add(filterField(name, element)));
			return kept;
		}
		if (value == null) {
			return null;
		}
		if (!recorded.contains(name)) {
			return REDACTED;
		}
		if (value instanceof String text) {
			return text.length() > maxLength ? text.substring(0, maxLength) + "…[cut]" : text;
		}
		return value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
	}

	static boolean isSecret(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (SECRET_NAMES.contains(lower)) {
			return true;
		}
		for (String mark : SECRET_MARKS) {
			if (lower.contains(mark)) {
				return true;
			}
		}
		return false;
	}

}
