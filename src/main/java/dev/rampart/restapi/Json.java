package dev.rampart.restapi;

import dev.rampart.shared.InvalidInput;
import dev.rampart.work.Change;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Reading request fields with clear 400 answers for missing or malformed values. */
final class Json {

	private Json() {
	}

	static <T> T required(String field, @Nullable T value) {
		if (value == null) {
			throw new InvalidInput(field, "is required");
		}
		return value;
	}

	static UUID uuid(String field, String value) {
		try {
			if (value.length() != 36) {
				throw new IllegalArgumentException();
			}
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInput(field, "must be a UUID");
		}
	}

	static LocalDate date(String field, String value) {
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInput(field, "must be a date like 2026-12-31");
		}
	}

	/**
	 * A field of a JSON merge patch: absent keeps the value, null clears it (if {@code nullable}),
	 * a string is converted.
	 */
	static <T> Change<T> change(Map<String, Object> body, String field, boolean nullable, Function<String, T> convert) {
		if (!body.containsKey(field)) {
			return Change.keep();
		}
		Object value = body.get(field);
		if (value == null) {
			if (!nullable) {
				throw new InvalidInput(field, "must not be null");
			}
			return Change.set(null);
		}
		if (!(value instanceof String text)) {
			throw new InvalidInput(field, "must be a string");
		}
		return Change.set(convert.apply(text));
	}

}
