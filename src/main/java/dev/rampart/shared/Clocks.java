package dev.rampart.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Time as the database stores it (microseconds), so values read back compare equal. */
public final class Clocks {

	private Clocks() {
	}

	public static Instant now(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
