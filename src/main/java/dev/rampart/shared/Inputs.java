package dev.rampart.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reading client-supplied fields (REST or GraphQL) with clear 400 answers for missing or
 * malformed values.
 */
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

	/**
	 * The earliest and latest instants Rampart accepts: PostgreSQL stores years 4713 BC
	 * to 294276 AD, we keep to 4 digits.
	 */
	private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	public static Instant instant(String field, String value) {
		Instant instant;
		try {
			instant = Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInput(field, "must be an ISO-8601 instant such as 2027-01-31T12:00:00Z");
		}
		if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
			throw new InvalidInput(field, "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
		}
		return instant;
	}

	/**
	 * The start of a period given as an instant or a plain date (2026-12-31 means from
	 * the start of that day, UTC).
	 */
	public static Instant periodStart(String field, String value) {
		return value.length() == 10 ? dayStart(field, value, 0) : instant(field, value);
	}

	/**
	 * The exclusive end of a period given as an instant or a plain date (2026-12-31 means
	 * to the end of that day, UTC: the start of the next).
	 */
	public static Instant periodEnd(String field, String value) {
		return value.length() == 10 ? dayStart(field, value, 1) : instant(field, value);
	}

	private static Instant dayStart(String field, String value, int plusDays) {
		try {
			return LocalDate.parse(value).plusDays(plusDays).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInput(field,
					"must be a date such as 2027-01-31 or an instant such as 2027-01-31T12:00:00Z");
		}
	}

}
