package dev.rampart.work;

import java.util.List;
import java.util.Optional;

/** One page of a list, with the opaque cursor of the next page if there is one. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

	public Page {
		items = List.copyOf(items);
	}

	/**
	 * A page from rows fetched with {@code limit + 1}: the extra row only tells that there is a
	 * next page, whose cursor is the position of the last row shown.
	 */
	static <T> Page<T> of(List<T> rows, int limit, java.util.function.Function<T, PageRequest.Position> position) {
		if (rows.size() <= limit) {
			return new Page<>(rows, Optional.empty());
		}
		return new Page<>(rows.subList(0, limit), Optional.of(PageRequest.encode(position.apply(rows.get(limit - 1)))));
	}

}
