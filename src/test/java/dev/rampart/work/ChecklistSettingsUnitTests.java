package dev.rampart.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChecklistSettingsUnitTests {

	@Test
	void aChecklistHoldsAtLeastOneItemAndNoUnboundedNumber() {
		assertThat(new ChecklistSettings(200).maxItemsPerTask()).isEqualTo(200);
		assertThatThrownBy(() -> new ChecklistSettings(0)).hasMessageContaining("max-items-per-task");
		assertThatThrownBy(() -> new ChecklistSettings(10_001)).hasMessageContaining("max-items-per-task");
	}

}
