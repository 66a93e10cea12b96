package dev.rampart.keys;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeySettingsUnitTests {

	private static KeySettings withJobs(Duration rotationCheck, Duration reencryption) {
		return new KeySettings("local", new KeySettings.Local(null, null, null),
				new KeySettings.Pkcs11(null, 0, null, null), Duration.ofDays(180), 10_000, Duration.ofMinutes(10),
				rotationCheck, reencryption);
	}

	@Test
	void theJobIntervalsAreCheckedOnceWhenTheSettingsAreBound() {
		assertThatNoException().isThrownBy(() -> withJobs(Duration.ofHours(1), Duration.ofMinutes(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> withJobs(Duration.ofSeconds(30), Duration.ofMinutes(1)))
			.withMessageContaining("rampart.keys.rotation-check");
		assertThatIllegalArgumentException().isThrownBy(() -> withJobs(Duration.ofHours(1), Duration.ZERO))
			.withMessageContaining("rampart.keys.reencryption-interval");
	}

}
