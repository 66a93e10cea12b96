package dev.rampart.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RetentionUnitTests {

	private static final Instant NOW = Instant.parse("2026-11-30T02:15:00Z");

	@Test
	void keepsTheNewestOfEachDayWeekAndMonthAsked() {
		// Two backups a day for 200 days.
		List<Instant> backups = new ArrayList<>();
		for (int hours = 0; hours < 200 * 24; hours += 12) {
			backups.add(NOW.minus(Duration.ofHours(hours)));
		}
		Set<Instant> kept = new Retention(7, 4, 6).keep(backups, Function.identity());
		assertThat(kept).contains(NOW);
		// 7 days, plus the newest of 4 weeks and 6 months (some coincide with them).
		assertThat(kept.stream().filter(t -> t.isAfter(NOW.minus(Duration.ofDays(7))))).hasSize(7);
		assertThat(kept).hasSizeBetween(7 + 6 - 2, 7 + 4 + 6);
		assertThat(kept).allMatch(t -> t.isAfter(NOW.minus(Duration.ofDays(6 * 31 + 1))));
		assertThat(kept).as("the oldest kept is the newest of its month, six months back")
			.anyMatch(t -> t.isBefore(NOW.minus(Duration.ofDays(120))));
		assertThat(kept).as("one per day: the later of the two")
			.contains(NOW.minus(Duration.ofHours(12)))
			.doesNotContain(NOW.minus(Duration.ofHours(24)));
	}

	@Test
	void theNewestIsAlwaysKeptAndFewBackupsAreAllKept() {
		List<Instant> backups = List.of(NOW, NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(40)));
		assertThat(new Retention(7, 4, 6).keep(backups, Function.identity()))
			.containsExactlyInAnyOrderElementsOf(backups);
		assertThat(new Retention(1, 0, 0).keep(backups, Function.identity())).containsExactly(NOW);
	}

}
