package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Keyset pagination input: a page size and the opaque cursor from the previous page,
 * which encodes the sort key (creation time, id) of the last row shown.
 */
public record PageRequest(int limit, Optional<Position> after, String cursorField) {

	public static final int DEFAULT_LIMIT = 25;

	public static final int MAX_LIMIT = 100;

	/**
	 * The sort key of a row: creation time and id, after the value it was sorted by first
	 * ({@code order} names that order and {@code key} is the value) when a list is sorted
	 * otherwise.
	 */
	public record Position(Instant createdAt, UUID id, @Nullable String order, @Nullable String key) {

		public Position(Instant createdAt, UUID id) {
			this(createdAt, id, null, null);
		}

	}

	/** A REST page: query parameters {@code limit} and {@code cursor}. */
	public static PageRequest of(@Nullable Integer limit, @Nullable String cursor) {
		return named("limit", limit, "cursor", cursor);
	}

	/**
	 * A GraphQL connection's page: arguments {@code first} and {@code after}, named so in
	 * errors.
	 */
	public static PageRequest connection(@Nullable Integer first, @Nullable String after) {
		return named("first", first, "after", after);
	}

	private static PageRequest named(String sizeName, @Nullable Integer limit, String cursorName,
			@Nullable String cursor) {
		int size = limit == null ? DEFAULT_LIMIT : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw new InvalidInput(sizeName, "must be between 1 and " + MAX_LIMIT);
		}
		return new PageRequest(size,
				cursor == null || cursor.isEmpty() ? Optional.empty() : Optional.of(decode(cursorName, cursor)),
				cursorName);
	}

	static String encode(Position position) {
		String raw = "v1|" + position.createdAt().getEpochSecond() + "|" + position.createdAt().getNano() + "|"
				+ position.id();
		if (position.order() != null) {
			raw += "|" + position.order() + "|" + java.util.Objects.requireNonNullElse(position.key(), "");
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	private static Position decode(String field, String cursor) {
		try {
			if (cursor.length() > 200) {
				throw new IllegalArgumentException("too long");
			}
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
			if (parts.length < 4 || parts.length > 6 || !parts[0].equals("v1")) {
				throw new IllegalArgumentException("unknown cursor version");
			}
			// A sorted list's cursor adds its order and sort value (split drops an empty
			// last value).
			String order = parts.length > 4 ? parts[4] : null;
			String key = parts.length > 5 ? parts[5] : order == null ? null : "";
			return new Position(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
					UUID.fromString(parts[3]), order, key);
		}
		catch (RuntimeException ex) {
			throw new InvalidInput(field, "is not a cursor this API returned");
		}
	}

}
