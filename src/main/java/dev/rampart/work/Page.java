package dev.rampart.work;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list, with the opaque cursor of the next page if there is one and each
 * item's own cursor (the position to continue after it), for clients that page from any
 * item.
 */
public record Page<T>(List<T> items, Optional<String> nextCursor, List<String> cursors) {

	public Page {
		items = List.copyOf(items);
		cursors = List.copyOf(cursors);
		if (cursors.size() != items.size()) {
			throw new IllegalArgumentException("one cursor per item");
		}
	}

	/**
	 * A page from rows fetched with {@code limit + 1}: the extra row only tells that
	 * there is a next page, whose cursor is the position of the last row shown.
	 */
	public static <T> Page<T> of(List<T> rows, int limit,
			java.util.function.Function<T, PageRequest.Position> position) {
		List<T> shown = rows.size() <= limit ? rows : rows.subList(0, limit);
		List<String> cursors = shown.stream().map(row -> PageRequest.encode(position.apply(row))).toList();
		return new Page<>(shown, rows.size() <= limit ? Optional.empty() : Optional.of(cursors.get(cursors.size() - 1)),
				cursors);
	}

}
