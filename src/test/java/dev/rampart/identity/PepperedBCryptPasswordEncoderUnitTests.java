package dev.rampart.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PepperedBCryptPasswordEncoderUnitTests {

	private final PepperedBCryptPasswordEncoder encoder = new PepperedBCryptPasswordEncoder(new byte[32], 10);

	@Test
	void passwordsThatDifferOnlyAfter72BytesDoNotMatch() {
		String prefix = "p".repeat(100);
		String hash = encoder.encode(prefix + "A");
		assertThat(encoder.matches(prefix + "A", hash)).isTrue();
		assertThat(encoder.matches(prefix + "B", hash)).isFalse();
	}

	@Test
	void theSamePasswordWithAnotherPepperDoesNotMatch() {
		String hash = encoder.encode("tractor-umbrella");
		byte[] otherPepper = new byte[32];
		otherPepper[0] = 1;
		assertThat(new PepperedBCryptPasswordEncoder(otherPepper, 10).matches("tractor-umbrella", hash)).isFalse();
	}

	@Test
	void hashesAreSaltedBcryptOfTheConfiguredCostAndWeakerOnesAskForAnUpgrade() {
		String first = encoder.encode("tractor-umbrella");
		assertThat(first).startsWith("$2b$10$").isNotEqualTo(encoder.encode("tractor-umbrella"));
		assertThat(new PepperedBCryptPasswordEncoder(new byte[32], 12).upgradeEncoding(first)).isTrue();
		assertThat(encoder.upgradeEncoding(first)).isFalse();
	}

	@Test
	void unicodeIsComparedInNormalisedForm() {
		String hash = encoder.encode("caf\u00e9-harbour-lamp");
		assertThat(encoder.matches("cafe\u0301-harbour-lamp", hash)).isTrue();
	}

}
