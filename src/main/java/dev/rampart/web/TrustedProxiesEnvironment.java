package dev.rampart.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code rampart.web.trusted-proxies} ({@code RAMPART_WEB_TRUSTED_PROXIES}: a
 * comma-separated list of the reverse proxies' IP addresses) into the exact-match pattern
 * Tomcat's RemoteIpValve takes. Only requests from these addresses may set the client
 * address and scheme with X-Forwarded-For/-Proto. A malformed entry stops the start: a
 * typo must not trust the world.
 */
class TrustedProxiesEnvironment implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String list = environment.getProperty("rampart.web.trusted-proxies", "");
		String pattern = Arrays.stream(list.split(","))
			.map(String::strip)
			.filter(s -> !s.isEmpty())
			.map(TrustedProxiesEnvironment::canonical)
			.map(Pattern::quote)
			.collect(Collectors.joining("|"));
		environment.getPropertySources()
			.addLast(new MapPropertySource("rampartTrustedProxies",
					Map.of("rampart.web.trusted-proxies-pattern", pattern)));
	}

	/**
	 * The address as Tomcat reports a peer: IPv4 dotted, IPv6 in full uncompressed form.
	 */
	static String canonical(String address) {
		if (!address.matches("[0-9A-Fa-f:.]+")) {
			throw new IllegalArgumentException("rampart.web.trusted-proxies: not an IP address: " + address);
		}
		try {
			return InetAddress.getByName(address).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("rampart.web.trusted-proxies: not an IP address: " + address, ex);
		}
	}

}
