package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One field of a partial update: either left as it is, or set to a value (which may be
 * null to clear an optional field).
 */
public record Change<T>(boolean present, @Nullable T value) {

	private static final Change<?> KEEP = new Change<>(false, null);

	/**
	 * A field of a merge patch (a JSON body or a GraphQL input object): absent keeps the
	 * value, null clears it (if {@code nullable}), a string is converted.
	 */
	public static <T> Change<T> from(Map<String, ?> body, String field, boolean nullable, Function<String, T> convert) {
		return fromValue(body, field, nullable, value -> {
			if (!(value instanceof String text)) {
				throw new InvalidInput(field, "must be a string");
			}
			return convert.apply(text);
		});
	}

	/**
	 * A field of a merge patch whose value is not a string (a number, a list): absent
	 * keeps, null clears (if {@code nullable}), anything else is converted.
	 */
	public static <T> Change<T> fromValue(Map<String, ?> body, String field, boolean nullable,
			Function<Object, T> convert) {
		if (!body.containsKey(field)) {
			return keep();
		}
		Object value = body.get(field);
		if (value == null) {
			if (!nullable) {
				throw new InvalidInput(field, "must not be null");
			}
			return set(null);
		}
		return set(convert.apply(value));
	}

	@SuppressWarnings("unchecked")
	public static <T> Change<T> keep() {
		return (Change<T>) KEEP;
	}

	public static <T> Change<T> set(@Nullable T value) {
		return new Change<>(true, value);
	}

}
