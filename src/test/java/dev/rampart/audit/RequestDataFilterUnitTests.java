package dev.rampart.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestDataFilterUnitTests {

	private final RequestDataFilter filter = new RequestDataFilter(
			new AuditSettings(Set.of("title", "role", "password"), Set.of("email", "displayName"), 20,
					Duration.ofMinutes(1), (Path) null, 200, true));

	@Test
	void allowListedValuesAreKeptOthersAreMarkedRedacted() {
		assertThat(filter.filter(Map.of("title", "Quarterly plan", "note", "free text")))
			.isEqualTo("{\"note\":\"[redacted]\",\"title\":\"Quarterly plan\"}");
	}

	@Test
	void secretsAndPersonalFieldsAreRedactedEvenWhenAllowListed() {
		assertThat(filter.filter(Map.of("password", "hunter2", "newPassword", "x", "totpCode", "123456", "email",
				"a@b.c", "displayName", "Ann", "apiToken", "t")))
			.doesNotContain("hunter2", "123456", "a@b.c", "Ann", "\"t\"")
			.contains("\"password\":\"[redacted]\"", "\"totpCode\":\"[redacted]\"");
	}

	@Test
	void nestedObjectsAndListsAreFilteredFieldByFieldAndLongValuesCut() {
		assertThat(filter.filter(Map.of("input", Map.of("title", "A title longer than twenty", "secret", "s"), "role",
				List.of("admin", "member"))))
			.isEqualTo(("{\"input\":{\"secret\":\"[redacted]\",\"title\":\"A title longer than …[cut]\"},"
					+ "\"role\":[\"admin\",\"member\"]}")
				.replace("…", "\\u2026"));
	}

}
