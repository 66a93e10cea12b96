package dev.rampart.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RanksUnitTests {

	@Test
	void thereIsAlwaysARankBetweenTwo() {
		Random random = new Random(7);
		List<String> ranks = new ArrayList<>(List.of(Ranks.ofTime(Instant.parse("2026-11-30T07:00:00Z"))));
		for (int i = 0; i < 5_000; i++) {
			int at = random.nextInt(ranks.size() + 1);
			String after = at == 0 ? null : ranks.get(at - 1);
			String before = at == ranks.size() ? null : ranks.get(at);
			String rank = Ranks.between(after, before);
			assertThat(Ranks.valid(rank)).as(rank).isTrue();
			if (after != null) {
				assertThat(rank).isGreaterThan(after);
			}
			if (before != null) {
				assertThat(rank).isLessThan(before);
			}
			ranks.add(at, rank);
		}
		assertThat(ranks).isSorted();
		assertThat(ranks.stream().mapToInt(String::length).max().getAsInt()).as("random inserts stay short")
			.isLessThan(40);
	}

	@Test
	void movingToTheTopOrBottomAgainAndAgainNeverLengthensRanks() {
		Instant now = Instant.parse("2026-11-30T07:00:00Z");
		String top = Ranks.ofTime(now);
		String bottom = top;
		for (int i = 1; i <= 10_000; i++) {
			Instant later = now.plusMillis(i);
			String higher = Ranks.top(top, later);
			assertThat(higher).isLessThan(top).hasSize(14);
			top = higher;
			String lower = Ranks.bottom(bottom, later);
			assertThat(lower).isGreaterThan(bottom).hasSize(14);
			bottom = lower;
		}
		// A clock behind the list's ends still finds a place.
		assertThat(Ranks.top(top, now)).isLessThan(top);
		assertThat(Ranks.bottom(bottom, now)).isGreaterThan(bottom);
	}

	@Test
	void tiedOrCrossedBoundsGiveARankAfterTheFirst() {
		String rank = Ranks.ofTime(Instant.parse("2026-11-30T07:00:00Z"));
		assertThat(Ranks.between(rank, rank)).isGreaterThan(rank);
		assertThat(Ranks.between("5i", "3i")).isGreaterThan("5i");
	}

	@Test
	void ranksFromTimeFollowTime() {
		Instant now = Instant.parse("2026-11-30T07:00:00Z");
		assertThat(Ranks.ofTime(now)).isLessThan(Ranks.ofTime(now.plusNanos(1_000)));
		assertThat(Ranks.ofTime(Instant.parse("2020-01-01T00:00:00Z"))).isLessThan(Ranks.ofTime(now));
		assertThat(Ranks.ofTime(now)).hasSize(14);
		assertThat(Ranks.topAt(now)).isLessThan(Ranks.ofTime(Instant.EPOCH));
	}

}
