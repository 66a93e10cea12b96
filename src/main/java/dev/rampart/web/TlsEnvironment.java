package dev.rampart.web;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the server's SSL bundle at the configured PEM certificate and key
 * ({@code rampart.web.tls.certificate} / {@code private-key}) or, when none is
 * configured, at a self-signed one generated into the data directory on first start. Runs
 * before the context so the web server starts with HTTPS from its first request. Control
 * C01 (docs/controls.md).
 */
class TlsEnvironment implements EnvironmentPostProcessor {

	static final String BUNDLE = "rampart";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("rampart.web.tls.enabled", Boolean.class, true)) {
			return;
		}
		String certificate = environment.getProperty("rampart.web.tls.certificate");
		String privateKey = environment.getProperty("rampart.web.tls.private-key");
		if (certificate == null || privateKey == null) {
			Path home = dev.rampart.shared.RampartHome.parse(environment.getProperty("rampart.home", "./rampart-data"));
			Path dir = SelfSignedCertificate.ensure(home.toAbsolutePath().normalize().resolve("tls"));
			certificate = dir.resolve(SelfSignedCertificate.CERTIFICATE_FILE).toString();
			privateKey = dir.resolve(SelfSignedCertificate.KEY_FILE).toString();
		}
		KeyStrength.requireStrong(Path.of(certificate));
		Map<String, Object> properties = new HashMap<>();
		String prefix = "spring.ssl.bundle.pem." + BUNDLE;
		properties.put(prefix + ".keystore.certificate", "file:" + certificate);
		properties.put(prefix + ".keystore.private-key", "file:" + privateKey);
		properties.put(prefix + ".reload-on-update", "true");
		// With a bundle, Boot takes protocols and suites from the bundle's options, not
		// from server.ssl.*: copy the configured ones over, or the JVM's defaults (CBC
		// suites) apply.
		String protocols = environment.getProperty("server.ssl.enabled-protocols");
		String ciphers = environment.getProperty("server.ssl.ciphers");
		if (protocols != null) {
			properties.put(prefix + ".options.enabled-protocols", protocols);
		}
		if (ciphers != null) {
			properties.put(prefix + ".options.ciphers", ciphers.replaceAll("\\s+", ""));
		}
		properties.put("server.ssl.bundle", BUNDLE);
		properties.put("server.ssl.enabled", "true");
		environment.getPropertySources().addLast(new MapPropertySource("rampartTls", properties));
	}

}
