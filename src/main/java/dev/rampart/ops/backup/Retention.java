package dev.rampart.ops.backup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups a grandfather-father-son policy keeps: the newest of each of the last
 * {@code daily} days, {@code weekly} ISO weeks and {@code monthly} months (UTC) that have
 * a backup. The newest backup is always kept.
 */
record Retention(int daily, int weekly, int monthly) {

	<B> Set<B> keep(List<B> backups, Function<B, Instant> createdAt) {
		List<B> newestFirst = backups.stream().sorted(Comparator.comparing(createdAt).reversed()).toList();
		Set<B> kept = new LinkedHashSet<>();
		if (!newestFirst.isEmpty()) {
			kept.add(newestFirst.get(0));
		}
		kept.addAll(newestOfEach(newestFirst, createdAt, day -> day, daily));
		kept.addAll(newestOfEach(newestFirst, createdAt,
				day -> day.get(IsoFields.WEEK_BASED_YEAR) * 100L + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), weekly));
		kept.addAll(newestOfEach(newestFirst, createdAt, day -> day.getYear() * 100L + day.getMonthValue(), monthly));
		return kept;
	}

	private static <B> List<B> newestOfEach(List<B> newestFirst, Function<B, Instant> createdAt,
			Function<LocalDate, Object> period, int count) {
		Set<Object> seen = new HashSet<>();
		return newestFirst.stream()
			.filter(b -> seen.size() < count
					&& seen.add(period.apply(LocalDate.ofInstant(createdAt.apply(b), ZoneOffset.UTC))))
			.toList();
	}

}
