package dev.rampart.bi;

import dev.rampart.shared.InvalidInput;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A BI user's source networks: CIDRs (an address alone means that one address), checked
 * and written in their canonical form, since each becomes a {@code hostssl} rule.
 */
final class BiNetworks {

	private static final Pattern TEXT = Pattern.compile("[0-9a-fA-F.:]{2,39}(/[0-9]{1,3})?");

	private BiNetworks() {
	}

	static List<String> valid(List<String> given, int max) {
		if (given.isEmpty()) {
			throw new InvalidInput("allowedNetworks",
					"name at least one network the BI tool connects from (a CIDR like 203.0.113.0/24)");
		}
		if (given.size() > max) {
			throw new InvalidInput("allowedNetworks", "at most " + max + " networks");
		}
		LinkedHashSet<String> networks = new LinkedHashSet<>();
		for (String one : given) {
			networks.add(canonical(one == null ? "" : one.strip()));
		}
		return new ArrayList<>(networks);
	}

	private static String canonical(String cidr) {
		if (!TEXT.matcher(cidr).matches()) {
			throw new InvalidInput("allowedNetworks",
					"not a network in CIDR notation: use 203.0.113.0/24 or 2001:db8::/32");
		}
		String[] parts = cidr.split("/", 2);
		InetAddress address;
		try {
			// Only literals reach here (the pattern has no letters beyond hex digits), so
			// no name is resolved.
			if (!parts[0].contains(":") && !parts[0].matches("[0-9.]+")) {
				throw new UnknownHostException();
			}
			address = InetAddress.getByName(parts[0]);
		}
		catch (UnknownHostException ex) {
			throw new InvalidInput("allowedNetworks", "not an IP address: " + parts[0]);
		}
		int bits = address.getAddress().length * 8;
		int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
		if (prefix > bits) {
			throw new InvalidInput("allowedNetworks", "a prefix of at most " + bits + " bits");
		}
		byte[] bytes = address.getAddress();
		for (int i = 0; i < bytes.length; i++) {
			int keep = Math.max(0, Math.min(8, prefix - i * 8));
			bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
		}
		try {
			return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String join(List<String> networks) {
		return String.join(",", networks);
	}

	static List<String> split(String stored) {
		return stored.isBlank() ? List.of() : Arrays.asList(stored.split(","));
	}

}
