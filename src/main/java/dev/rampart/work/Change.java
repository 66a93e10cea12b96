package dev.rampart.work;

import org.jspecify.annotations.Nullable;

/**
 * One field of a partial update: either left as it is, or set to a value (which may be null to
 * clear an optional field).
 */
public record Change<T>(boolean present, @Nullable T value) {

	private static final Change<?> KEEP = new Change<>(false, null);

	@SuppressWarnings("unchecked")
	public static <T> Change<T> keep() {
		return (Change<T>) KEEP;
	}

	public static <T> Change<T> set(@Nullable T value) {
		return new Change<>(true, value);
	}

}
