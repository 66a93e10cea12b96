package dev.rampart.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Passwords, session tokens and one-time codes sent in every place a client can put them
 * end up nowhere: a dump of every table in the database and all log output are searched
 * for them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverRecordedIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Test
	void plantedSecretsAppearInNoTableAndNoLogLine(CapturedOutput output) {
		long n = System.nanoTime();
		String password = "plum-Planted-" + n + "-harbour";
		String wrongPassword = "Planted-Wrong-" + n;
		String code = "Planted-Code-" + n;
		String email = Api.newEmail("planted");
		assertThat(api().signUp(email, "Secret Keeper", password).status()).isEqualTo(202);
		String token = api().login(email, password);
		api().post("/api/v1/auth/login", null, Map.of("email", email, "password", wrongPassword));
		// Fields a body may not have are refused (400), and the refusal is recorded:
		// without the secrets.
		assertThat(api().post("/api/v1/orgs", token, Map.of("name", "Secrets", "password", password, "totp", code))
			.status()).isEqualTo(400);
		String org = api().create("/api/v1/orgs", token, Map.of("name", "Secrets"));
		api().post("/api/v1/orgs/" + org + "/projects?token=" + token + "&code=" + code, token,
				Map.of("name", "P", "description", "", "apiKey", code, "nested", Map.of("secret", code)));
		api().graphql(token, "mutation($n: String!) { createOrganization(name: $n) { id } }",
				Map.of("n", "Gql", "password", password));
		api().get("/api/v1/me", token + "x");
		api().post("/api/v1/auth/logout", token, null);

		String dump = databaseDump();
		assertThat(dump).contains(org);
		assertThat(dump).doesNotContain(password, wrongPassword, code, token);
		assertThat(output.getAll()).doesNotContain(password, wrongPassword, code, token);
	}

	/** Every row of every table of the schema, as text (what pg_dump would hold). */
	private String databaseDump() {
		return owner.transaction(sql -> {
			List<String> tables = sql.fetch("select tablename from pg_tables where schemaname = 'rampart'")
				.getValues(0, String.class);
			StringBuilder out = new StringBuilder();
			for (String table : tables) {
				sql.fetch("select t::text from rampart."
						+ sql.render(org.jooq.impl.DSL.name(table)).replace("\"rampart\".", "") + " t")
					.forEach(r -> out.append(r.get(0)).append('\n'));
			}
			return out.toString();
		});
	}

}
