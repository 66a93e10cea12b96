package dev.rampart.bi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.shared.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The parts of BI access that need no database: networks as they become {@code hostssl}
 * rules, row hashes as the reconcile compares them, SCRAM verifiers in PostgreSQL's form,
 * generated role names, the rules file.
 */
class BiUnitTests {

	@Test
	void networksAreCheckedAndWrittenInCanonicalForm() {
		assertThat(
				BiNetworks.valid(List.of("203.0.113.77/24", " 198.51.100.7 ", "2001:db8::1/32", "203.0.113.0/24"), 20))
			.containsExactly("203.0.113.0/24", "198.51.100.7/32", "2001:db8:0:0:0:0:0:0/32");
		for (String bad : List.of("example.org", "10.0.0.0/33", "::/129", "1.2.3.4/24 host all", "",
				"10.0.0.0/8 trust")) {
			assertThatThrownBy(() -> BiNetworks.valid(List.of(bad), 20)).as(bad).isInstanceOf(InvalidInput.class);
		}
		assertThatThrownBy(() -> BiNetworks.valid(List.of(), 20)).isInstanceOf(InvalidInput.class);
		assertThatThrownBy(() -> BiNetworks.valid(List.of("10.0.0.1", "10.0.0.2"), 1)).isInstanceOf(InvalidInput.class);
	}

	@Test
	void rowHashesSeeEveryValueAndItsType() {
		UUID id = UUID.randomUUID();
		Instant at = Instant.parse("2026-11-30T10:15:30.123456Z");
		String base = BiTables.hash(new Object[] { id, "Title", 3, at, null });
		assertThat(BiTables.hash(new Object[] { id, "Title", 3, at, null })).isEqualTo(base);
		assertThat(BiTables.hash(new Object[] { id, "Title", 3, at, "" })).isNotEqualTo(base);
		assertThat(BiTables.hash(new Object[] { id, "Title", "3", at, null })).isNotEqualTo(base);
		assertThat(BiTables.hash(new Object[] { id, "Titl", "e3", at, null }))
			.isNotEqualTo(BiTables.hash(new Object[] { id, "Title", "3", at, null }));
		assertThat(BiTables.hash(new Object[] { id, "Title", 3, at.plusNanos(1000), null })).isNotEqualTo(base);
	}

	@Test
	void scramVerifiersHavePostgresqlsForm() {
		byte[] salt = "sixteen byte salt".substring(0, 16).getBytes(StandardCharsets.US_ASCII);
		String verifier = ScramVerifier.of("pencil", salt, 4096);
		assertThat(verifier).matches("SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");
		assertThat(ScramVerifier.of("pencil", salt, 4096)).isEqualTo(verifier);
		assertThat(ScramVerifier.of("pencil")).isNotEqualTo(ScramVerifier.of("pencil")).doesNotContain("pencil");
	}

	@Test
	void roleNamesAreOpaqueAndCheckedBeforeAnyStatement() {
		String tenant = BiDatabase.newRoleName('t');
		String login = BiDatabase.newRoleName('u');
		assertThat(tenant).matches("t_[0-9a-f]{24}");
		assertThat(login).matches("u_[0-9a-f]{24}");
		assertThat(BiDatabase.role(login)).isEqualTo(login);
		for (String bad : List.of("postgres", "u_x; drop role postgres", "U_0123456789abcdef01234567", "u_\"x\"")) {
			assertThatThrownBy(() -> BiDatabase.role(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
		}
	}

}
