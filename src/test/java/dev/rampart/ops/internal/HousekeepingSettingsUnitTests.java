package dev.rampart.ops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HousekeepingSettingsUnitTests {

	@Test
	void anIntervalOutsideOneMinuteToADayStopsTheStartNamingTheSetting() {
		assertThat(new HousekeepingSettings(Duration.ofHours(1)).interval()).isEqualTo(Duration.ofHours(1));
		assertThatIllegalArgumentException().isThrownBy(() -> new HousekeepingSettings(Duration.ofSeconds(59)))
			.withMessageContaining("rampart.housekeeping.interval");
		assertThatIllegalArgumentException().isThrownBy(() -> new HousekeepingSettings(Duration.ofHours(25)))
			.withMessageContaining("rampart.housekeeping.interval");
	}

}
