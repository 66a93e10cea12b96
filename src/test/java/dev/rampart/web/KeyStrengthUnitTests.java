package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class KeyStrengthUnitTests {

	@Test
	void rsaBelow2048BitsIsRefusedAndStrongKeysPass() throws Exception {
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(1024);
		assertThatThrownBy(() -> KeyStrength.requireStrong(rsa.generateKeyPair().getPublic(), "cert.pem"))
			.hasMessageContaining("1024")
			.hasMessageContaining("2048");
		rsa.initialize(2048);
		assertThatCode(() -> KeyStrength.requireStrong(rsa.generateKeyPair().getPublic(), "cert.pem"))
			.doesNotThrowAnyException();
		KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
		ec.initialize(new ECGenParameterSpec("secp256r1"));
		assertThatCode(() -> KeyStrength.requireStrong(ec.generateKeyPair().getPublic(), "cert.pem"))
			.doesNotThrowAnyException();
	}

	@Test
	void otherKeyTypesAreRefused() throws Exception {
		KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
		dsa.initialize(2048);
		assertThatThrownBy(() -> KeyStrength.requireStrong(dsa.generateKeyPair().getPublic(), "cert.pem"))
			.hasMessageContaining("not accepted");
	}

}
