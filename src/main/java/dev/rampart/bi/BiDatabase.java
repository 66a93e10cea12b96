package dev.rampart.bi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rampart.db.EmbeddedCluster;
import dev.rampart.shared.RampartHome;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.postgresql.core.Utils;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The customers' BI database: the embedded cluster under
 * {@code $RAMPART_HOME/bi-postgres} (started on first need, on its own port, TLS with the
 * web server's certificate) or an external server. Rampart's three roles there: the
 * administrator (the embedded superuser, or the operator's CREATEROLE role) manages login
 * roles and rules; the owner runs the schema (Flyway, {@code db/bi}) and, through its
 * views, reads with row-level security; the writer keeps the projection. Readers are the
 * organizations' login roles.
 * <p>
 * DDL takes no bind values: every role name here is generated (a letter, an underscore
 * and hex digits) and checked against {@link #ROLE} before it is written into a
 * statement, and a password reaches the server only as a SCRAM verifier (never the
 * password itself).
 */
@Component
class BiDatabase implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(BiDatabase.class);

	static final String DATABASE = "rampart_bi";

	static final String OWNER = "rampart_bi_owner";

	static final String WRITER = "rampart_bi_writer";

	static final String READER = "rampart_bi_reader";

	/** Tenant group roles and login roles: opaque, generated. */
	static final Pattern ROLE = Pattern.compile("[tu]_[0-9a-f]{24}");

	private static final Pattern VERIFIER = Pattern
		.compile("SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");

	private static final Pattern CIDR = Pattern.compile("[0-9a-fA-F.:]{2,45}/[0-9]{1,3}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final BiSettings settings;

	private final RampartHome home;

	private final Environment environment;

	private final MeterRegistry meters;

	private volatile @Nullable Running running;

	private volatile String hba = "";

	/** What the database is reached through, once started. */
	private record Running(@Nullable EmbeddedCluster cluster, DataSource admin, HikariDataSource writer,
			HikariDataSource reader, String host, int port, @Nullable Path certificateSource, @Nullable Path keySource,
			@Nullable Path tlsDir) {
	}

	BiDatabase(BiSettings settings, RampartHome home, Environment environment, MeterRegistry meters) {
		this.settings = settings;
		this.home = home;
		this.environment = environment;
		this.meters = meters;
	}

	boolean started() {
		return running != null;
	}

	/** Starts the database and brings its schema and roles in line, once. */
	synchronized void start() {
		if (running != null) {
			return;
		}
		running = settings.external() ? external() : embedded();
		log.info("BI database ready on {}:{}", running.host(), running.port());
	}

	private Running embedded() {
		Path certificate = bundleFile("certificate");
		Path key = bundleFile("private-key");
		if (certificate == null || key == null) {
			throw new IllegalStateException("the BI database needs the web server's TLS certificate and key");
		}
		Path tls = home.directory("bi-postgres-tls");
		copyTls(certificate, key, tls);
		String superPassword = home.secret("bi-postgres-superuser", BiDatabase::newSecret);
		Map<String, String> server = new LinkedHashMap<>();
		server.put("ssl", "on");
		server.put("ssl_cert_file", tls.resolve("server.crt").toString());
		server.put("ssl_key_file", tls.resolve("server.key").toString());
		server.put("ssl_min_protocol_version", "TLSv1.2");
		server.put("ssl_ciphers", "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL");
		server.put("ssl_prefer_server_ciphers", "on");
		server.put("logging_collector", "on");
		server.put("log_destination", "jsonlog");
		server.put("log_directory", "log");
		server.put("log_filename", "bi-%Y%m%d.log");
		server.put("log_rotation_age", "1440");
		server.put("max_connections", "200");
		server.put("statement_timeout", settings.statementTimeout().toMillis() + "ms");
		Path dataDir = home.path().resolve("bi-postgres");
		EmbeddedCluster cluster = EmbeddedCluster.start(new EmbeddedCluster.Spec("bi", dataDir,
				home.path().resolve("bi-postgres.lock"), settings.listenAddress(), settings.port(), server,
				() -> hba.isEmpty() ? rules(List.of()) : hba, superPassword, Duration.ofMillis(500)), meters);
		try {
			DataSource admin = cluster.superuser("postgres");
			String ownerPassword = home.secret("bi-postgres-owner", BiDatabase::newSecret);
			String writerPassword = home.secret("bi-postgres-writer", BiDatabase::newSecret);
			String host = "127.0.0.1".equals(settings.listenAddress()) || "*".equals(settings.listenAddress())
					? "127.0.0.1" : settings.listenAddress();
			try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
				ensureLoginRole(c, s, OWNER, ownerPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
				ensureLoginRole(c, s, WRITER, writerPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
				if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
					s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
				}
				prepareDatabase(s);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("cannot prepare the BI database: " + ex.getSQLState(), ex);
			}
			String url = "jdbc:postgresql://" + host + ":" + cluster.port() + "/" + DATABASE;
			migrate(url, OWNER, ownerPassword, tls.resolve("server.crt"));
			hideOtherTenants(cluster.superuser(DATABASE));
			return new Running(cluster, cluster.superuser(DATABASE),
					pool("rampart-bi-writer", url, WRITER, writerPassword, tls.resolve("server.crt"), 4),
					pool("rampart-bi-owner", url, OWNER, ownerPassword, tls.resolve("server.crt"), 2),
					blank(settings.publicHost()) ? host : settings.publicHost(), cluster.port(), certificate, key, tls);
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * An external server: the operator's role (CREATEROLE, owner of the database) is both
	 * administrator and owner; the writer's password is derived from the administrator's,
	 * so every node agrees on it without storing one.
	 */
	private Running external() {
		String url = Objects.requireNonNull(settings.dbUrl());
		String admin = Objects.requireNonNull(settings.adminUsername());
		String adminPassword = Objects.requireNonNullElse(settings.adminPassword(), "");
		String writerPassword = derive(adminPassword, "rampart-bi-writer");
		DataSource adminSource = plain(url, admin, adminPassword);
		try (Connection c = adminSource.getConnection(); Statement s = c.createStatement()) {
			ensureLoginRole(c, s, WRITER, writerPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
			prepareDatabase(s);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot prepare the BI database: " + ex.getSQLState(), ex);
		}
		migrate(url, admin, adminPassword, null);
		URI uri = URI.create(url.substring("jdbc:".length()));
		String host = blank(settings.publicHost()) ? Objects.requireNonNullElse(uri.getHost(), "localhost")
				: settings.publicHost();
		return new Running(null, adminSource, pool("rampart-bi-writer", url, WRITER, writerPassword, null, 4),
				pool("rampart-bi-owner", url, admin, adminPassword, null, 2), host,
				uri.getPort() > 0 ? uri.getPort() : 5432, null, null, null);
	}

	/**
	 * The catalogs through which any user could list roles (and so count, if not name,
	 * the other organizations and their BI users) are closed to everyone but Rampart's
	 * owner role in the BI database (its {@code current_tenant()} reads memberships).
	 * Needs a superuser: done for the embedded server; docs/bi.md gives an external
	 * server's administrator the same statements.
	 */
	static final String HIDE_OTHER_TENANTS = "REVOKE SELECT ON pg_catalog.pg_roles, pg_catalog.pg_user,"
			+ " pg_catalog.pg_group, pg_catalog.pg_auth_members, pg_catalog.pg_stat_activity,"
			+ " pg_catalog.pg_db_role_setting, pg_catalog.pg_shdepend FROM PUBLIC;"
			+ " REVOKE EXECUTE ON FUNCTION pg_catalog.pg_get_userbyid(oid),"
			+ " pg_catalog.pg_stat_get_activity(integer) FROM PUBLIC;"
			+ " GRANT SELECT ON pg_catalog.pg_roles, pg_catalog.pg_auth_members TO " + OWNER + ";"
			+ " GRANT EXECUTE ON FUNCTION pg_catalog.pg_get_userbyid(oid), pg_catalog.pg_stat_get_activity(integer) TO "
			+ OWNER + ", " + WRITER + "; GRANT pg_read_all_stats TO " + OWNER;

	private static void hideOtherTenants(DataSource superuser) {
		try (Connection c = superuser.getConnection(); Statement s = c.createStatement()) {
			s.execute(HIDE_OTHER_TENANTS);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot close the BI database's role catalogs: " + ex.getSQLState(), ex);
		}
	}

	/** The reader group, and nothing for anyone else. */
	private void prepareDatabase(Statement s) throws SQLException {
		Connection c = s.getConnection();
		if (!exists(c, "select 1 from pg_roles where rolname = ?", READER)) {
			s.execute("CREATE ROLE " + READER + " NOLOGIN");
		}
		s.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
		s.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + READER + ", " + WRITER);
		if (!settings.external()) {
			s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC");
		}
	}

	private void migrate(String url, String user, String password, @Nullable Path rootCertificate) {
		Flyway.configure()
			.dataSource(plain(url, user, password, rootCertificate))
			.locations("classpath:db/bi")
			.schemas("rampart_bi_admin")
			.defaultSchema("rampart_bi_admin")
			.createSchemas(true)
			.placeholders(Map.of("writer_role", WRITER, "reader_role", READER))
			.load()
			.migrate();
	}

	private DataSource plain(String url, String user, String password) {
		return plain(url, user, password, null);
	}

	private static DataSource plain(String url, String user, String password, @Nullable Path rootCertificate) {
		PGSimpleDataSource source = new PGSimpleDataSource();
		source.setUrl(url);
		source.setUser(user);
		source.setPassword(password);
		tls(source::setProperty, rootCertificate);
		return source;
	}

	/**
	 * Rampart's own connections are TLS too, checked against the server's certificate.
	 */
	private static void tls(PropertySetter properties, @Nullable Path rootCertificate) {
		try {
			properties.set("sslmode", "verify-full");
			if (rootCertificate != null) {
				// the embedded server's own certificate; an external one's CA comes with
				// the URL or the default trust file
				properties.set("sslrootcert", rootCertificate.toString());
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	private interface PropertySetter {

		void set(String name, String value) throws SQLException;

	}

	private static HikariDataSource pool(String name, String url, String user, String password,
			@Nullable Path rootCertificate, int size) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(5_000);
		config.setInitializationFailTimeout(-1);
		config.setAutoCommit(false);
		config.addDataSourceProperty("ApplicationName", name);
		tls((n, v) -> config.addDataSourceProperty(n, v), rootCertificate);
		return new HikariDataSource(config);
	}

	private Running running() {
		Running r = running;
		if (r == null) {
			start();
			r = Objects.requireNonNull(running);
		}
		return r;
	}

	/** {@code work} in one transaction as the projection's writer. */
	<T> T asWriter(Function<DSLContext, T> work) throws SQLException {
		return transaction(running().writer(), work);
	}

	/** {@code work} in one read-only transaction as the views' owner (status checks). */
	<T> T asOwner(Function<DSLContext, T> work) throws SQLException {
		return transaction(running().reader(), work);
	}

	private static <T> T transaction(DataSource source, Function<DSLContext, T> work) throws SQLException {
		try (Connection c = source.getConnection()) {
			c.setAutoCommit(false);
			try {
				T result = work.apply(DSL.using(c, SQLDialect.POSTGRES));
				c.commit();
				return result;
			}
			catch (RuntimeException ex) {
				c.rollback();
				throw ex;
			}
		}
	}

	String host() {
		return running().host();
	}

	int port() {
		return running().port();
	}

	// ---- roles ----

	/** The organization's group role: member of the readers, nothing else. */
	void ensureTenant(String tenant) throws SQLException {
		String t = role(tenant);
		try (Connection c = running().admin().getConnection(); Statement s = c.createStatement()) {
			if (!exists(c, "select 1 from pg_roles where rolname = ?", t)) {
				s.execute("CREATE ROLE " + t + " NOLOGIN NOINHERIT");
				s.execute("GRANT " + READER + " TO " + t + " WITH INHERIT TRUE, SET FALSE");
			}
		}
	}

	/**
	 * A BI user's login role in the organization's group: SCRAM verifier only, valid
	 * until {@code expires}, a connection limit, read-only transactions, the statement
	 * timeout, and the views' schema first.
	 */
	void createLogin(String tenant, String login, String verifier, Instant expires) throws SQLException {
		String t = role(tenant);
		String u = role(login);
		if (!VERIFIER.matcher(verifier).matches()) {
			throw new IllegalArgumentException("not a SCRAM verifier");
		}
		ensureTenant(t);
		try (Connection c = running().admin().getConnection(); Statement s = c.createStatement()) {
			s.execute("CREATE ROLE " + u + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
					+ " NOINHERIT CONNECTION LIMIT " + settings.connectionLimit() + " VALID UNTIL '"
					+ Utils.escapeLiteral(null, expires.toString(), true) + "' PASSWORD '"
					+ Utils.escapeLiteral(null, verifier, true) + "'");
			s.execute("GRANT " + t + " TO " + u + " WITH INHERIT TRUE, SET FALSE");
			s.execute("ALTER ROLE " + u + " SET default_transaction_read_only = on");
			s.execute(
					"ALTER ROLE " + u + " SET statement_timeout = '" + settings.statementTimeout().toMillis() + "ms'");
			s.execute("ALTER ROLE " + u + " SET idle_in_transaction_session_timeout = '10min'");
			s.execute("ALTER ROLE " + u + " SET search_path = rampart");
		}
	}

	/** Ends a login's sessions and drops it. */
	void dropLogin(String login) throws SQLException {
		String u = role(login);
		try (Connection c = running().admin().getConnection(); Statement s = c.createStatement()) {
			if (exists(c, "select 1 from pg_roles where rolname = ?", u)) {
				s.execute("ALTER ROLE " + u + " NOLOGIN");
				terminate(c, u);
				s.execute("DROP ROLE " + u);
			}
		}
	}

	private static void terminate(Connection c, String role) throws SQLException {
		try (PreparedStatement ps = c
			.prepareStatement("select pg_terminate_backend(pid) from pg_stat_activity where usename = ?")) {
			ps.setString(1, role);
			ps.executeQuery().close();
		}
	}

	/** Drops a tenant's logins and group role (its rows go by the writer). */
	void dropTenant(String tenant) throws SQLException {
		String t = role(tenant);
		for (String login : membersOf(t)) {
			dropLogin(login);
		}
		try (Connection c = running().admin().getConnection(); Statement s = c.createStatement()) {
			if (exists(c, "select 1 from pg_roles where rolname = ?", t)) {
				s.execute("DROP ROLE " + t);
			}
		}
	}

	private List<String> membersOf(String tenant) throws SQLException {
		List<String> members = new ArrayList<>();
		try (Connection c = running().admin().getConnection();
				PreparedStatement ps = c.prepareStatement("select u.rolname from pg_auth_members m"
						+ " join pg_roles g on g.oid = m.roleid join pg_roles u on u.oid = m.member where g.rolname = ?")) {
			ps.setString(1, tenant);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					members.add(rs.getString(1));
				}
			}
		}
		return members;
	}

	/** Every tenant and login role there is now. */
	Set<String> roles() throws SQLException {
		Set<String> roles = new HashSet<>();
		try (Connection c = running().admin().getConnection();
				PreparedStatement ps = c.prepareStatement("select rolname from pg_roles where rolname ~ ?")) {
			ps.setString(1, "^[tu]_[0-9a-f]{24}$");
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					roles.add(rs.getString(1));
				}
			}
		}
		return roles;
	}

	/** Cancels BI users' statements running longer than the statement timeout. */
	int cancelLongStatements() throws SQLException {
		try (Connection c = running().admin().getConnection();
				PreparedStatement ps = c.prepareStatement("select count(pg_cancel_backend(pid)) from pg_stat_activity"
						+ " where usename ~ '^u_[0-9a-f]{24}$' and state = 'active' and query_start < now() - ?::interval")) {
			ps.setString(1, (settings.statementTimeout().toMillis() + 1000) + " milliseconds");
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? rs.getInt(1) : 0;
			}
		}
	}

	// ---- rules ----

	/** One allowed source network of a login. */
	record Rule(String login, String network) {
	}

	/**
	 * The {@code pg_hba.conf} (embedded) or the included rules file (external) for these
	 * rules: TLS and SCRAM only, BI users to the BI database from their networks only.
	 */
	String rules(Collection<Rule> rules) {
		StringBuilder text = new StringBuilder("""
				# Written by Rampart (BI access): never edit; it is rewritten whenever BI users change.
				# TLS and SCRAM only. Nothing matches a plain connection, so it is refused.
				""");
		if (!settings.external()) {
			text.append("hostssl all postgres 127.0.0.1/32 scram-sha-256\n")
				.append("hostssl all postgres ::1/128 scram-sha-256\n")
				.append("hostssl " + DATABASE + " " + OWNER + "," + WRITER + " 127.0.0.1/32 scram-sha-256\n")
				.append("hostssl " + DATABASE + " " + OWNER + "," + WRITER + " ::1/128 scram-sha-256\n");
		}
		for (Rule rule : rules) {
			if (!CIDR.matcher(rule.network()).matches()) {
				throw new IllegalArgumentException("not a network: " + rule.network());
			}
			text.append("hostssl " + DATABASE + " " + role(rule.login()) + " " + rule.network() + " scram-sha-256\n");
		}
		return text.toString();
	}

	/** Writes the rules and has the server read them, if they changed. */
	void applyRules(Collection<Rule> rules) throws SQLException {
		String text = rules(rules);
		if (text.equals(hba)) {
			return;
		}
		Running r = running();
		if (r.cluster() != null) {
			hba = text;
			r.cluster().reloadHba();
		}
		else if (settings.hbaFile() != null && !settings.hbaFile().isBlank()) {
			try {
				Path file = Path.of(settings.hbaFile());
				Path next = file.resolveSibling(file.getFileName() + ".next");
				Files.writeString(next, text, StandardCharsets.UTF_8);
				Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot write rampart.bi.hba-file", ex);
			}
			try (Connection c = r.admin().getConnection(); Statement s = c.createStatement()) {
				s.execute("select pg_reload_conf()");
			}
			hba = text;
		}
		else {
			hba = text;
			log.warn("rampart.bi.hba-file is not set: BI users' source networks are not enforced by the server");
		}
	}

	/**
	 * When the web server's certificate or key changed, the BI server gets the new ones
	 * (read at reload, like the web server's).
	 */
	void refreshCertificate() throws SQLException {
		Running r = running;
		if (r == null || r.cluster() == null || r.tlsDir() == null || r.certificateSource() == null
				|| r.keySource() == null) {
			return;
		}
		try {
			FileTime source = Files.getLastModifiedTime(r.certificateSource());
			FileTime copy = Files.getLastModifiedTime(r.tlsDir().resolve("server.crt"));
			if (source.compareTo(copy) <= 0 && Files.getLastModifiedTime(r.keySource()).compareTo(copy) <= 0) {
				return;
			}
		}
		catch (IOException ex) {
			return;
		}
		copyTls(r.certificateSource(), r.keySource(), r.tlsDir());
		r.cluster().reloadHba();
	}

	/** Where the embedded server writes its log; null for an external one not read. */
	@Nullable Path logDirectory() {
		if (!settings.external()) {
			return home.path().resolve("bi-postgres").resolve("log");
		}
		return settings.logDirectory() == null || settings.logDirectory().isBlank() ? null
				: Path.of(settings.logDirectory());
	}

	private @Nullable Path bundleFile(String which) {
		String value = environment.getProperty("spring.ssl.bundle.pem.rampart.keystore." + which);
		return value == null ? null : Path.of(value.startsWith("file:") ? value.substring(5) : value);
	}

	private static void copyTls(Path certificate, Path key, Path dir) {
		try {
			var ownerOnly = PosixFilePermissions.fromString("rw-------");
			Path crt = dir.resolve("server.crt");
			Path k = dir.resolve("server.key");
			Files.copy(certificate, crt, StandardCopyOption.REPLACE_EXISTING);
			Files.copy(key, k, StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(crt, ownerOnly);
			Files.setPosixFilePermissions(k, ownerOnly);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot copy the TLS certificate for the BI database", ex);
		}
	}

	// ---- helpers ----

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	static String role(String name) {
		if (!ROLE.matcher(name).matches()) {
			throw new IllegalArgumentException("not a BI role name");
		}
		return name;
	}

	static String newRoleName(char kind) {
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		return kind + "_" + java.util.HexFormat.of().formatHex(bytes);
	}

	private static String newSecret() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String derive(String secret, String label) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void ensureLoginRole(Connection c, Statement s, String role, String password, String attributes)
			throws SQLException {
		String verb = exists(c, "select 1 from pg_roles where rolname = ?", role) ? "ALTER" : "CREATE";
		s.execute(verb + " ROLE " + role + " LOGIN " + attributes + " PASSWORD '"
				+ Utils.escapeLiteral(null, ScramVerifier.of(password), true) + "'");
	}

	private static boolean exists(Connection c, String sql, String value) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			ps.setString(1, value);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next();
			}
		}
	}

	@Override
	public void destroy() {
		Running r = running;
		running = null;
		if (r != null) {
			r.writer().close();
			r.reader().close();
			if (r.cluster() != null) {
				r.cluster().close();
			}
		}
	}

}
