package dev.rampart.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses count as public, and the operator's allow-list. */
class ReceiverAddressesUnitTests {

	@ParameterizedTest
	@ValueSource(strings = { "0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1",
			"172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1", "100.100.100.200", "192.0.0.8",
			"192.0.2.1", "198.51.100.1", "203.0.113.9", "198.18.0.1", "224.0.0.1", "239.1.1.1", "240.0.0.1",
			"255.255.255.255", "::", "::1", "fe80::1", "fc00::1", "fd00:ec2::254", "fec0::1", "ff02::1", "2001:db8::1",
			"2001::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
			"2002:0a00:0001::1", "::10.0.0.1" })
	void notPublic(String address) throws Exception {
		assertThat(ReceiverAddresses.whyNotPublic(InetAddress.getByName(address))).as(address).isPresent();
		assertThatThrownBy(() -> new ReceiverAddresses(List.of()).resolve(address))
			.isInstanceOf(ReceiverAddresses.Refused.class)
			.hasMessageStartingWith(address.startsWith(":") || address.contains("::") ? "" : address)
			.hasMessageContaining("is not a public address");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.1.1.1", "8.8.8.8", "93.184.215.14", "172.15.255.255", "172.32.0.1", "100.63.255.255",
			"100.128.0.1", "169.253.1.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8",
			"2002:0808:0808::1" })
	void publicAddresses(String address) throws Exception {
		assertThat(ReceiverAddresses.whyNotPublic(InetAddress.getByName(address))).as(address).isEmpty();
	}

	@Test
	void anAllowListedNetworkIsReachable() throws Exception {
		ReceiverAddresses addresses = new ReceiverAddresses(List.of("127.0.0.5/32", "10.8.0.0/13", "fd00:1::/32"));
		assertThat(addresses.resolve("127.0.0.5")).hasSize(1);
		assertThat(addresses.resolve("10.15.255.255")).hasSize(1);
		assertThat(addresses.resolve("fd00:1:ffff::9")).hasSize(1);
		assertThatThrownBy(() -> addresses.resolve("127.0.0.1")).hasMessageContaining("loopback");
		assertThatThrownBy(() -> addresses.resolve("10.16.0.0")).hasMessageContaining("private");
		assertThatThrownBy(() -> addresses.resolve("fd00:2::1")).hasMessageContaining("unique local");
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.0", "10.0.0.0/33", "localhost/8", "fd00::/129", "x/1", "/8" })
	void aMistakenAllowListStopsTheStart(String cidr) {
		assertThatThrownBy(() -> new ReceiverAddresses(List.of(cidr))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("rampart.webhooks.allowed-networks");
	}

}
