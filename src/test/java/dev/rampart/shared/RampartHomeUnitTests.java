package dev.rampart.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RampartHomeUnitTests {

	@Test
	void anEmptyDataDirectorySettingIsRefusedInOneLine() {
		assertThatThrownBy(() -> RampartHome.parse("")).isInstanceOf(StartRefused.class)
			.hasMessage("RAMPART_HOME is set but empty: unset it to use ./rampart-data, or name a directory");
		assertThatThrownBy(() -> RampartHome.parse("  ")).isInstanceOf(StartRefused.class);
		assertThat(RampartHome.parse(" ./data ")).isEqualTo(Path.of("./data"));
	}

}
