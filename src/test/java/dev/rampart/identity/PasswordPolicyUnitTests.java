package dev.rampart.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyUnitTests {

	private final PasswordPolicy policy = new PasswordPolicy(new IdentitySettings(12, 8, 256, 3, Duration.ofMinutes(30),
			Duration.ofHours(12), Duration.ofMinutes(10), Duration.ofDays(365), Duration.ofHours(24),
			Duration.ofMinutes(30), Duration.ofMinutes(5), true, Duration.ofDays(365), Duration.ofDays(7), 3));

	@ParameterizedTest
	@ValueSource(strings = { "password", "12345678", "qwertyuiop", "iloveyou", "Password1", "sunshine", "trustno1",
			"football", "baseball1", "superman" })
	void rejectsCommonPasswords(String common) {
		assertThatThrownBy(() -> policy.check(common, "ada@example.com", "Ada")).isInstanceOf(WeakPassword.class);
	}

	@Test
	void rejectsShortPasswordsCountingCodePointsNotBytesOrUnits() {
		assertThatThrownBy(() -> policy.check("𝔸𝔹ℂ𝔻𝔼𝔽𝔾", "ada@example.com", "Ada"))
			.isInstanceOf(WeakPassword.class)
			.hasMessageContaining("at least 8");
		assertThatCode(() -> policy.check("ŋđ€¶ŧ←↓→øþ", "ada@example.com", "Ada")).doesNotThrowAnyException();
	}

	@Test
	void acceptsLongPassphrasesUpTo256AndRejectsLonger() {
		String passphrase = "tractor-umbrella-quantum-lagoon-";
		String max = (passphrase.repeat(9)).substring(0, 256);
		assertThatCode(() -> policy.check(max, "ada@example.com", "Ada")).doesNotThrowAnyException();
		assertThatThrownBy(() -> policy.check(max + "x", "ada@example.com", "Ada")).hasMessageContaining("at most 256");
	}

	@Test
	void noCompositionRulesButGuessablePasswordsAreRejected() {
		assertThatCode(() -> policy.check("correct horse battery staple", "ada@example.com", "Ada"))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> policy.check("aaaaaaaaaaaa", "ada@example.com", "Ada"))
			.isInstanceOf(WeakPassword.class);
		assertThatThrownBy(() -> policy.check("abcdefgh1234", "ada@example.com", "Ada"))
			.isInstanceOf(WeakPassword.class);
	}

	@Test
	void rejectsPasswordsContainingTheEmailOrName() {
		assertThatThrownBy(() -> policy.check("lovelace-rocket-harbour", "lovelace@example.com", "Ada"))
			.hasMessageContaining("email address or name");
		assertThatThrownBy(() -> policy.check("xx-Hopper-violet-tram-9", "ada@example.com", "Grace Hopper"))
			.hasMessageContaining("email address or name");
	}

	@Test
	void normalisesCompatibilityFormsBeforeChecking() {
		// Full-width letters normalise (NFKC) to "password".
		assertThatThrownBy(() -> policy.check("ｐａｓｓｗｏｒｄ", "ada@example.com", "Ada")).isInstanceOf(WeakPassword.class);
	}

}
