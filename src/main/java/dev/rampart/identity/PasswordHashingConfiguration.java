package dev.rampart.identity;

import dev.rampart.shared.RampartHome;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password hashes carry their algorithm id ({@code {bcrypt-hmac}...}) so a successor such
 * as Argon2id can be added as a new id and old hashes upgraded at the next sign-in.
 */
@Configuration(proxyBeanMethods = false)
class PasswordHashingConfiguration {

	static final String CURRENT = "bcrypt-hmac";

	@Bean
	PasswordEncoder passwordEncoder(RampartHome home, IdentitySettings settings) {
		byte[] pepper = Base64.getDecoder()
			.decode(home.secret("password-pepper", PasswordHashingConfiguration::newPepper));
		return new DelegatingPasswordEncoder(CURRENT,
				Map.of(CURRENT, new PepperedBCryptPasswordEncoder(pepper, settings.bcryptCost())));
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private static String newPepper() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
