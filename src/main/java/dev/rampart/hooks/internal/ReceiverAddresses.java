package dev.rampart.hooks.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whom a webhook may reach (server-side request forgery): only public addresses, unless
 * an operator allow-lists a network. Every address a name resolves to must pass, so a
 * name with one private address among public ones is refused too; the connection then
 * goes to the addresses checked here, never to a second resolution (DNS rebinding).
 */
public final class ReceiverAddresses {

	/**
	 * A name that resolves (or an address that is) somewhere Rampart must not connect.
	 */
	public static final class Refused extends UnknownHostException {

		private static final long serialVersionUID = 1L;

		Refused(String message) {
			super(message);
		}

	}

	private final List<Network> allowed;

	/** {@code allowedNetworks}: CIDRs ("10.0.0.0/8", "fd00::/8", "127.0.0.5/32"). */
	public ReceiverAddresses(List<String> allowedNetworks) {
		List<Network> networks = new ArrayList<>();
		for (String cidr : allowedNetworks) {
			networks.add(Network.parse(cidr));
		}
		this.allowed = List.copyOf(networks);
	}

	/**
	 * The addresses of {@code host}, every one allowed; otherwise {@link Refused} naming
	 * the first that is not.
	 */
	public InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] addresses = InetAddress.getAllByName(host);
		for (InetAddress address : addresses) {
			Optional<String> why = whyNotPublic(address);
			if (why.isPresent() && allowed.stream().noneMatch(n -> n.contains(address))) {
				String literal = address.getHostAddress();
				throw new Refused((host.equals(literal) || host.equals("[" + literal + "]") ? literal
						: host + " resolves to " + literal + ", which") + " is not a public address (" + why.get()
						+ ")");
			}
		}
		return addresses;
	}

	/**
	 * Why Rampart must not connect to {@code address} on its own: empty when it is a
	 * public unicast address.
	 */
	public static Optional<String> whyNotPublic(InetAddress address) {
		if (address instanceof Inet6Address v6) {
			byte[] b = v6.getAddress();
			Optional<byte[]> embedded = embeddedIpv4(b);
			if (embedded.isPresent()) {
				try {
					return whyNotPublic(InetAddress.getByAddress(embedded.get()));
				}
				catch (UnknownHostException ex) {
					return Optional.of("unreadable address");
				}
			}
			if (address.isAnyLocalAddress()) {
				return Optional.of("unspecified");
			}
			if (address.isLoopbackAddress()) {
				return Optional.of("loopback");
			}
			if (address.isLinkLocalAddress() || (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
				return Optional.of("link-local");
			}
			if ((b[0] & 0xfe) == 0xfc) {
				return Optional.of("unique local (private)");
			}
			if (address.isSiteLocalAddress()) {
				return Optional.of("site-local (private)");
			}
			if (address.isMulticastAddress()) {
				return Optional.of("multicast");
			}
			if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
				return Optional.of("documentation");
			}
			if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
				return Optional.of("Teredo tunnel");
			}
			if ((b[0] & 0xe0) != 0x20) {
				return Optional.of("not global unicast");
			}
			return Optional.empty();
		}
		byte[] b = address.getAddress();
		int first = b[0] & 0xff;
		int second = b[1] & 0xff;
		if (first == 0) {
			return Optional.of("this network");
		}
		if (first == 127) {
			return Optional.of("loopback");
		}
		if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
			return Optional.of("private");
		}
		if (first == 169 && second == 254) {
			return Optional.of("link-local, where cloud metadata services answer");
		}
		if (first == 100 && (second & 0xc0) == 64) {
			return Optional.of("shared address space (carrier NAT, some cloud metadata)");
		}
		if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
			return Optional.of("IETF protocol assignments");
		}
		if (first == 192 && second == 0 && (b[2] & 0xff) == 2 || first == 198 && second == 51 && (b[2] & 0xff) == 100
				|| first == 203 && second == 0 && (b[2] & 0xff) == 113) {
			return Optional.of("documentation");
		}
		if (first == 198 && (second & 0xfe) == 18) {
			return Optional.of("benchmarking");
		}
		if (first >= 224) {
			return Optional.of(first < 240 ? "multicast" : "reserved");
		}
		return Optional.empty();
	}

	/**
	 * The IPv4 address inside an IPv4-mapped or -compatible, NAT64 (64:ff9b::/96) or 6to4
	 * (2002::/16) address: judged as that address.
	 */
	private static Optional<byte[]> embeddedIpv4(byte[] b) {
		boolean zeros80 = true;
		for (int i = 0; i < 10; i++) {
			zeros80 &= b[i] == 0;
		}
		if (zeros80 && ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff || b[10] == 0 && b[11] == 0)) {
			boolean unspecifiedOrLoopback = b[10] == 0 && b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0;
			return unspecifiedOrLoopback ? Optional.empty() : Optional.of(new byte[] { b[12], b[13], b[14], b[15] });
		}
		boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
		for (int i = 4; i < 12 && nat64; i++) {
			nat64 = b[i] == 0;
		}
		if (nat64) {
			return Optional.of(new byte[] { b[12], b[13], b[14], b[15] });
		}
		if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
			return Optional.of(new byte[] { b[2], b[3], b[4], b[5] });
		}
		return Optional.empty();
	}

	/** An allow-listed network. */
	record Network(byte[] prefix, int bits) {

		static Network parse(String cidr) {
			String text = cidr.strip();
			int slash = text.indexOf('/');
			try {
				if (slash < 0 || !text.substring(0, slash).matches("[0-9a-fA-F:.]+")) {
					throw new IllegalArgumentException();
				}
				byte[] prefix = InetAddress.getByName(text.substring(0, slash)).getAddress();
				int bits = Integer.parseInt(text.substring(slash + 1));
				if (bits < 0 || bits > prefix.length * 8) {
					throw new IllegalArgumentException();
				}
				return new Network(prefix, bits);
			}
			catch (IllegalArgumentException | UnknownHostException ex) {
				throw new IllegalArgumentException(
						"rampart.webhooks.allowed-networks: " + text + " is not a network (like 10.0.0.0/8)");
			}
		}

		boolean contains(InetAddress address) {
			byte[] b = address.getAddress();
			if (b.length != prefix.length) {
				return false;
			}
			int full = bits / 8;
			for (int i = 0; i < full; i++) {
				if (b[i] != prefix[i]) {
					return false;
				}
			}
			int rest = bits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (b[full] & mask) == (prefix[full] & mask);
		}

	}

}
