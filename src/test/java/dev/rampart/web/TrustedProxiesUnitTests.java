package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustedProxiesUnitTests {

	@Test
	void addressesAreWrittenAsTomcatReportsPeers() {
		assertThat(TrustedProxiesEnvironment.canonical("10.0.0.7")).isEqualTo("10.0.0.7");
		assertThat(TrustedProxiesEnvironment.canonical("::1")).isEqualTo("0:0:0:0:0:0:0:1");
		assertThat(TrustedProxiesEnvironment.canonical("2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
	}

	@Test
	void anythingButAnAddressStopsTheStart() {
		for (String bad : new String[] { "proxy.example.com", "10.0.0.0/8", ".*", "10.0.0.*" }) {
			assertThatThrownBy(() -> TrustedProxiesEnvironment.canonical(bad)).as(bad)
				.isInstanceOf(IllegalArgumentException.class);
		}
	}

}
