package dev.rampart.keys;

import dev.rampart.keys.Pkcs11KekStore;
import dev.rampart.keys.spi.KekStore;
import dev.rampart.shared.RampartHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the configured key store once, at start; a wrong passphrase or PIN stops the
 * start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeySettings.class)
class KeyStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KeyStoreConfiguration.class);

	@Bean
	KekStore kekStore(KeySettings settings, RampartHome home) {
		if (settings.store().equals("pkcs11")) {
			KeySettings.Pkcs11 hsm = settings.pkcs11();
			if (hsm.library() == null) {
				throw new IllegalStateException("rampart.keys.store=pkcs11 needs rampart.keys.pkcs11.library "
						+ "(RAMPART_KEYS_PKCS11_LIBRARY)");
			}
			return Pkcs11KekStore.open(hsm.library(), hsm.slotListIndex(),
					secret(hsm.pin(), hsm.pinFile(), "rampart.keys.pkcs11.pin or pin-file"));
		}
		KeySettings.Local local = settings.local();
		Path file = local.file() != null ? local.file() : home.directory("keys").resolve("rampart.p12");
		char[] passphrase;
		if (local.passphrase() != null || local.passphraseFile() != null) {
			passphrase = secret(local.passphrase(), local.passphraseFile(), "");
		}
		else {
			passphrase = home.secret("keystore-passphrase", KeyStoreConfiguration::newPassphrase).toCharArray();
			log.warn("The local key store {} is protected by a passphrase generated into {}: anyone who can read "
					+ "the data directory can read the keys. Not for production: use rampart.keys.store=pkcs11.", file,
					home.path().resolve("secrets"));
		}
		return LocalKekStore.open(file, passphrase);
	}

	/**
	 * The activity log's signing key lives with the KEKs: in the HSM for {@code pkcs11},
	 * in the data directory otherwise.
	 */
	@Bean
	SigningKeys signingKeys(KekStore store, RampartHome home) {
		return store instanceof Pkcs11KekStore hsm ? new HsmSigningKeys(hsm) : new LocalSigningKeys(home);
	}

	private static char[] secret(@Nullable String value, @Nullable Path file, String what) {
		if (value != null && !value.isEmpty()) {
			return value.toCharArray();
		}
		if (file != null) {
			try {
				return Files.readAllLines(file, StandardCharsets.UTF_8)
					.stream()
					.findFirst()
					.orElse("")
					.trim()
					.toCharArray();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read " + file, ex);
			}
		}
		throw new IllegalStateException("set " + what);
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private static String newPassphrase() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
