package dev.rampart.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Reading client-supplied fields (REST or GraphQL) with clear 400 answers for missing or malformed values. */
public final class Inputs {

	private Inputs() {
	}

	public static <T> T required(String field, @Nullable T value) {
		if (value == null) {
			throw new InvalidInput(field, "is required");
		}
		return value;
	}

	public static UUID uuid(String field, String value) {
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

	public static LocalDate date(String field, String value) {
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInput(field, "must be a date like 2026-12-31");
		}
	}

	public static Instant instant(String field, String value) {
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInput(field, "must be an ISO-8601 instant such as 2027-01-31T12:00:00Z");
		}
	}

}
