package dev.rampart.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request carrying an email, a name, a token and a password makes the server fail for
 * real: a database trigger refuses the row with an error message that quotes the data (as
 * database errors do). The client gets an error id only; the error report store and every
 * log line hold none of the planted values.
 */
@ExtendWith(OutputCaptureExtension.class)
class CrashReportIntegrationTests extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	OwnerDatabase owner;

	private TestUser user;

	private String project;

	private String email;

	private String name;

	private String password;

	@BeforeEach
	void failingDatabase() {
		user = api().newUser("crash");
		String org = api().create("/api/v1/orgs", user.token(), Map.of("name", "Crashing"));
		project = api().create("/api/v1/orgs/" + org + "/projects", user.token(),
				Map.of("name", "P", "description", ""));
		long n = System.nanoTime();
		email = "crash.victim." + n + "@example.test";
		name = "Zebulon Quartermaine" + n;
		password = "Crash-Password-" + n;
		owner.transaction(sql -> {
			// Content reaches the database sealed, so the planted values are written into
			// the trigger: the database's own error message quotes them, as a constraint
			// message quoting a column would. Only this test's user trips it.
			String planted = email + " " + name + " " + password;
			sql.execute("create or replace function rampart.test_crash() returns trigger language plpgsql as $$ begin "
					+ "if new.created_by = '" + user.id() + "' then raise exception 'cannot store %', '" + planted
					+ "' " + "using errcode = 'XX000', detail = 'row: " + planted + "'; end if; return new; end $$");
			sql.execute("create trigger test_crash before insert on rampart.organizations for each row "
					+ "execute function rampart.test_crash()");
			return null;
		});
	}

	@AfterEach
	void repairedDatabase() {
		owner.transaction(sql -> {
			sql.execute("drop trigger if exists test_crash on rampart.organizations");
			sql.execute("drop function if exists rampart.test_crash()");
			return null;
		});
	}

	@Test
	void aRestCrashAnswersWithAnErrorIdAndLeavesNoPersonalDataInReportsOrLogs(CapturedOutput output) {
		String query = "?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password=" + password;
		Response response = api().call("POST", "/api/v1/orgs" + query, user.token(),
				Map.of("name", "CRASH " + email + " " + name + " " + password));

		assertThat(response.status()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		String errorId = response.text("errorId");
		assertThat(response.body()).doesNotContain(email, name, password, "cannot store", "SQL", "trigger", "at dev.");
		assertThat(report(errorId)).contains("POST /api/v1/orgs", "PSQLException", "[SQLState XX000]", "\tat ");
		assertNothingPlanted(output);
		assertLogLinesAreJsonWithTheirRequestId(output, errorId,
				response.headers().firstValue("X-Request-Id").orElseThrow());
	}

	@Test
	void aGraphQlCrashDoesTheSame(CapturedOutput output) {
		Response response = api().graphql(user.token(), "mutation($n: String!) { createOrganization(name: $n) { id } }",
				Map.of("n", "CRASH " + email + " " + name + " " + password));

		JsonNode error = response.json().at("/errors/0");
		assertThat(error.at("/extensions/code").asString()).isEqualTo("internal-error");
		String errorId = error.at("/extensions/errorId").asString();
		assertThat(response.body()).doesNotContain(email, name, password, "cannot store");
		assertThat(report(errorId)).contains("graphql Mutation.createOrganization", "PSQLException");
		assertNothingPlanted(output);
	}

	private void assertNothingPlanted(CapturedOutput output) {
		String reports = owner.transaction(
				sql -> sql.fetch("select r::text from rampart.error_reports r").getValues(0, String.class).toString());
		assertThat(reports).doesNotContain(email, name, password, user.token(), "Quartermaine", "crash.victim");
		assertThat(reports).doesNotContain("127.0.0.1");
		assertThat(output.getAll()).doesNotContain(email, name, password, user.token(), "Quartermaine", "crash.victim");
	}

	/** The stored report of {@code errorId} (as text), whose actor is anonymised. */
	private String report(String errorId) {
		String text = owner.transaction(sql -> (String) sql
			.fetchValue("select r::text from rampart.error_reports r where id = ?::uuid", errorId));
		assertThat(text).isNotNull().doesNotContain(user.id());
		return text;
	}

	private static void assertLogLinesAreJsonWithTheirRequestId(CapturedOutput output, String errorId,
			String requestId) {
		List<String> lines = output.getAll().lines().filter(line -> line.contains(errorId)).toList();
		assertThat(lines).isNotEmpty();
		for (String line : lines) {
			JsonNode json = JSON.readTree(line);
			assertThat(json.get("http.request.id").asString()).isEqualTo(requestId);
			assertThat(json.get("log.level").asString()).isEqualTo("ERROR");
		}
	}

}
