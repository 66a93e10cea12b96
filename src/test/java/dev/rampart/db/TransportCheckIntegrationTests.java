package dev.rampart.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.shared.StartRefused;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Control C19 for an external database: a plain connection is refused at start (anywhere
 * with {@code refuse-plain}; off this host by default), and the refusal says how to fix
 * it without naming a secret.
 */
class TransportCheckIntegrationTests {

	@Test
	void aPlainConnectionToTheDatabaseIsRefused() throws Exception {
		// A server without TLS (the library's defaults), on loopback.
		try (EmbeddedPostgres plain = EmbeddedPostgres.builder().start()) {
			try (Connection c = plain.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
				s.execute("CREATE ROLE plain_app LOGIN PASSWORD 'plain-app-password'");
			}
			DatabaseEndpoint endpoint = new DatabaseEndpoint(plain.getJdbcUrl("postgres", "postgres"), "plain_app",
					"plain-app-password", "postgres", "");
			assertThatThrownBy(() -> TransportCheck.enforce(endpoint, TransportCheck.Mode.REFUSE_PLAIN))
				.isInstanceOf(StartRefused.class)
				.hasMessageContaining("not encrypted")
				.hasMessageContaining("sslmode=verify-full")
				.hasMessageNotContaining("plain-app-password");
			// Loopback traffic never leaves the host: allowed by default, and with a
			// warning.
			assertThatCode(() -> TransportCheck.enforce(endpoint, TransportCheck.Mode.ALLOW_PLAIN_ON_LOOPBACK))
				.doesNotThrowAnyException();
			assertThatCode(() -> TransportCheck.enforce(endpoint, TransportCheck.Mode.WARN)).doesNotThrowAnyException();
		}
	}

	@Test
	void offThisHostOnlyAnEncryptedConnectionIsAccepted() {
		assertThat(TransportCheck.refusal(false, "db.internal.example", TransportCheck.Mode.ALLOW_PLAIN_ON_LOOPBACK))
			.get()
			.asString()
			.contains("db.internal.example is not encrypted");
		assertThat(TransportCheck.refusal(false, "10.0.0.7", TransportCheck.Mode.ALLOW_PLAIN_ON_LOOPBACK)).isPresent();
		assertThat(TransportCheck.refusal(true, "10.0.0.7", TransportCheck.Mode.REFUSE_PLAIN)).isEmpty();
		assertThat(TransportCheck.refusal(false, "127.0.0.1", TransportCheck.Mode.ALLOW_PLAIN_ON_LOOPBACK)).isEmpty();
		assertThat(TransportCheck.refusal(false, "localhost", TransportCheck.Mode.REFUSE_PLAIN)).isPresent();
		assertThat(TransportCheck.host("jdbc:postgresql://db.internal.example:5432/rampart?sslmode=require"))
			.isEqualTo("db.internal.example");
		assertThat(TransportCheck.host("jdbc:postgresql://[::1]:5432/rampart")).isEqualTo("[::1]");
	}

}
