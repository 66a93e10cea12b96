package dev.rampart.ops.backup;

import dev.rampart.db.EmbeddedCluster;
import dev.rampart.shared.RampartHome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.postgresql.core.Utils;

/**
 * A throw-away PostgreSQL for {@code backup verify}: a cluster of its own under
 * {@code $RAMPART_HOME/tmp}, on a free loopback port with a random superuser password,
 * migrated to the backup's schema version, removed afterwards. It needs no privilege on
 * the production server and cannot disturb it. Durability is off: nothing in it is kept.
 */
final class ScratchDatabase implements AutoCloseable {

	private static final String HBA = """
			host all all 127.0.0.1/32 scram-sha-256
			""";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path directory;

	private final EmbeddedCluster cluster;

	private ScratchDatabase(Path directory, EmbeddedCluster cluster) {
		this.directory = directory;
		this.cluster = cluster;
	}

	static ScratchDatabase start(RampartHome home, Flyway base, String schemaVersion) {
		Path directory;
		try {
			directory = Files.createTempDirectory(home.directory("tmp"), "backup-verify-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot make a scratch directory under " + home.path(), ex);
		}
		byte[] secret = new byte[24];
		RANDOM.nextBytes(secret);
		EmbeddedCluster cluster = EmbeddedCluster.start(
				new EmbeddedCluster.Spec("backup-verify", directory.resolve("postgres"),
						directory.resolve("scratch.lock"), "127.0.0.1", 0,
						Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"), () -> HBA,
						Base64.getUrlEncoder().withoutPadding().encodeToString(secret), Duration.ofMinutes(10)),
				new SimpleMeterRegistry());
		ScratchDatabase scratch = new ScratchDatabase(directory, cluster);
		try {
			String appRole = base.getConfiguration().getPlaceholders().getOrDefault("app_role", "rampart_app");
			try (Connection c = scratch.connect(); Statement s = c.createStatement()) {
				// The migrations grant to the application role; here it only has to
				// exist.
				s.execute("CREATE ROLE " + Utils.escapeIdentifier(null, appRole) + " NOLOGIN");
			}
			// The tables of the backup's version; policies, functions and triggers (the
			// repeatable migrations) play no part in comparing rows.
			Backups.migrations(base, cluster.superuser("postgres"), schemaVersion).migrate();
			return scratch;
		}
		catch (SQLException | RuntimeException ex) {
			scratch.close();
			throw new IllegalStateException("the scratch database for verification could not be prepared", ex);
		}
	}

	Connection connect() throws SQLException {
		return cluster.superuser("postgres").getConnection();
	}

	@Override
	public void close() {
		cluster.close();
		Backups.deleteQuietly(directory);
	}

}
