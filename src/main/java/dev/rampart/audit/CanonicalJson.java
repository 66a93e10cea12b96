package dev.rampart.audit;

import dev.rampart.shared.JsonText;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A fixed JSON form for hashing: object keys sorted (or in the order given, for entries),
 * no whitespace, every non-ASCII or control character escaped, so the same values always
 * give the same bytes whatever library or database round trip they went through.
 */
final class CanonicalJson {

	private CanonicalJson() {
	}

	static String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		append(out, value);
		return out.toString();
	}

	static void append(StringBuilder out, @Nullable Object value) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof RawJson raw) {
			out.append(raw.json());
		}
		else if (value instanceof String text) {
			string(out, text);
		}
		else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
			out.append(value);
		}
		else if (value instanceof Number number) {
			string(out, number.toString());
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, Object> entry : sorted(map).entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				string(out, entry.getKey());
				out.append(':');
				append(out, entry.getValue());
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				append(out, list.get(i));
			}
			out.append(']');
		}
		else {
			string(out, value.toString());
		}
	}

	private static Map<String, Object> sorted(Map<?, ?> map) {
		Map<String, Object> sorted = new TreeMap<>();
		map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
		return sorted;
	}

	static void string(StringBuilder out, String text) {
		JsonText.quote(out, text, true);
	}

}
