package dev.rampart.bi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.SecondFactor;
import dev.rampart.work.ProjectTeam;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Customer BI access end to end: two organizations turn it on and get BI users; real
 * PostgreSQL clients (the JDBC driver, and {@code psql}) connect to the BI database over
 * TLS as those users and see exactly their own organization's rows in every view (the
 * same as the API answers), cannot write, cannot read the base tables or anything naming
 * another organization; plain connections, wrong source addresses, wrong, expired,
 * revoked and rotated-out passwords are refused and recorded in the organization's
 * activity log. The projection follows changes, leaves out what was not chosen and what
 * became restricted, survives a restart of the BI database, and a reconcile repairs a row
 * changed behind its back.
 */
class BiAccessIntegrationTests extends IntegrationTest {

	@Autowired
	BiDatabase database;

	@Autowired
	BiProjector projector;

	@Autowired
	dev.rampart.db.OwnerDatabase owner;

	/** The organization's group role in the BI database (read from Rampart's own). */
	private String tenantRoleOf(Tenant t) {
		return owner.transaction(sql -> sql.select(dev.rampart.db.schema.Tables.BI_ACCESS.TENANT_ROLE)
			.from(dev.rampart.db.schema.Tables.BI_ACCESS)
			.where(dev.rampart.db.schema.Tables.BI_ACCESS.ORG_ID.eq(java.util.UUID.fromString(t.team().org())))
			.fetchOne(dev.rampart.db.schema.Tables.BI_ACCESS.TENANT_ROLE));
	}

	private static final Path PSQL = Path.of("/usr/lib/postgresql/15/bin/psql");

	/**
	 * An organization with BI access: its owner's strong session, a project, a BI user.
	 */
	record Tenant(ProjectTeam team, String owner, String login, String password, String userId) {
	}

	private Tenant alpha;

	private Tenant beta;

	@BeforeEach
	void twoOrganizationsWithBiAccess() {
		alpha = tenant("bi-alpha", "Alpha Analytics", "Forecasts", true,
				List.of("Draft the forecast", "Check the ledger", "Call the auditor"));
		beta = tenant("bi-beta", "Beta Builders", "Scaffolds", false, List.of("Order scaffolding", "Pour the slab"));
	}

	private Tenant tenant(String hint, String orgName, String projectName, boolean content, List<String> titles) {
		ProjectTeam team = ProjectTeam.create(api(), hint, orgName, projectName);
		String owner = SecondFactor.enrolTotp(api(), team.lead()).token();
		for (String title : titles) {
			String task = api().create("/api/v1/projects/" + team.project() + "/tasks", team.contributor().token(),
					Map.of("title", title, "assigneeId", team.contributor().id()));
			api().create("/api/v1/tasks/" + task + "/comments", team.contributor().token(),
					Map.of("body", "Note on " + title));
		}
		Api.Response on = api().call("PUT", "/api/v1/orgs/" + team.org() + "/bi", owner,
				Map.of("content", content, "restricted", false), Map.of());
		assertThat(on.status()).as(on.body()).isEqualTo(200);
		Api.Response user = api().post("/api/v1/orgs/" + team.org() + "/bi/users", owner,
				Map.of("label", "Power BI", "allowedNetworks", List.of("127.0.0.1/32")));
		assertThat(user.status()).as(user.body()).isEqualTo(201);
		return new Tenant(team, owner, user.text("login"), user.text("password"),
				user.json().get("user").get("id").asString());
	}

	// ---- clients ----

	private static Connection connect(String login, String password) throws SQLException {
		return connect(login, password, "require", null);
	}

	private static Connection connect(String login, String password, String sslMode, String localAddress)
			throws SQLException {
		Properties p = new Properties();
		p.setProperty("user", login);
		p.setProperty("password", password);
		p.setProperty("sslmode", sslMode);
		p.setProperty("connectTimeout", "5");
		if (localAddress != null) {
			p.setProperty("localSocketAddress", localAddress);
		}
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + BI_PORT + "/rampart_bi", p);
	}

	private static Set<String> column(Connection c, String sql) throws SQLException {
		Set<String> values = new HashSet<>();
		try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

	private Set<String> apiTaskIds(Tenant t) {
		Set<String> ids = new HashSet<>();
		api().get("/api/v1/projects/" + t.team().project() + "/tasks", t.owner())
			.json()
			.get("items")
			.forEach(task -> ids.add(task.get("id").asString()));
		return ids;
	}

	/** Waits (up to 15 s) until {@code check} holds. */
	private static void eventually(Supplier<Boolean> check) {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (!Boolean.TRUE.equals(check.get())) {
			if (System.nanoTime() > until) {
				throw new AssertionError("condition not met within 15 s");
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	private static Set<String> quietly(String login, String password, String sql) {
		try (Connection c = connect(login, password)) {
			return column(c, sql);
		}
		catch (SQLException ex) {
			return Set.of("error: " + ex.getSQLState());
		}
	}

	private void awaitProjected(Tenant t) {
		Set<String> expected = apiTaskIds(t);
		try {
			eventually(() -> quietly(t.login(), t.password(), "select id from tasks").equals(expected));
		}
		catch (AssertionError ex) {
			throw new AssertionError("expected " + expected + " but the BI database shows "
					+ quietly(t.login(), t.password(), "select id from tasks"), ex);
		}
	}

	// ---- the tests ----

	@Test
	void eachOrganizationSeesExactlyItsOwnRowsInEveryView() throws Exception {
		awaitProjected(alpha);
		awaitProjected(beta);
		try (Connection a = connect(alpha.login(), alpha.password());
				Connection b = connect(beta.login(), beta.password())) {
			assertThat(column(a, "select id from tasks")).isEqualTo(apiTaskIds(alpha));
			assertThat(column(b, "select id from tasks")).isEqualTo(apiTaskIds(beta));
			assertThat(column(a, "select id from projects")).containsExactly(alpha.team().project());
			assertThat(column(b, "select id from projects")).containsExactly(beta.team().project());
			assertThat(column(a, "select name from projects")).containsExactly("Forecasts");
			assertThat(column(a, "select title from tasks")).containsExactlyInAnyOrder("Draft the forecast",
					"Check the ledger", "Call the auditor");
			assertThat(column(a, "select body from comments")).hasSize(3).allMatch(body -> body.contains("Note on"));
			assertThat(column(a, "select display_name from people")).hasSize(1);
			assertThat(column(a, "select distinct key from statuses")).isNotEmpty();
			// Content not chosen never appears.
			assertThat(column(b, "select coalesce(title, '-') || coalesce(description, '-') from tasks"))
				.containsExactly("--");
			assertThat(column(b, "select id from comments")).isEmpty();
			// The same view names everywhere, each holding its own rows only.
			for (String view : List.of("projects", "statuses", "milestones", "sprints", "labels", "people", "tasks",
					"task_labels", "comments")) {
				assertThat(column(a,
						"select count(*) from " + view + " v where v::text like '%" + beta.team().project() + "%'"))
					.as(view)
					.containsExactly("0");
			}
			// TLS on every connection (as the server sees it; BI users may not read the
			// activity views).
			int pid = Integer.parseInt(column(a, "select pg_backend_pid()").iterator().next());
			Boolean encrypted = database
				.asOwner(sql -> sql.fetchOne("select ssl from pg_stat_ssl where pid = ?", pid).get(0, Boolean.class));
			assertThat(encrypted).isTrue();
		}
		String expectedCount = Integer.toString(apiTaskIds(alpha).size());
		assertThat(psql(alpha, "select count(*) from tasks")).isEqualTo(expectedCount);
	}

	@Test
	void aBiUserCannotWriteReadBaseTablesOrLearnOfOtherOrganizations() throws SQLException {
		awaitProjected(alpha);
		try (Connection a = connect(alpha.login(), alpha.password())) {
			a.setAutoCommit(true);
			assertRefused(a, "insert into tasks (id, project_id, status, priority, restricted, created_at, updated_at)"
					+ " values (gen_random_uuid(), gen_random_uuid(), 'x', 'x', false, now(), now())");
			assertRefused(a, "update tasks set title = 'x'");
			assertRefused(a, "delete from comments");
			assertRefused(a, "set transaction read write; create table stolen (x int)");
			assertRefused(a, "create temporary table stolen (x int)");
			assertRefused(a, "select * from bi_data.tasks");
			assertRefused(a, "select * from bi_data.tenant_state");
			assertRefused(a, "select bi_data.current_tenant()");
			assertRefused(a, "set role rampart_bi_writer");
			String tenantRole = tenantRoleOf(alpha);
			assertRefused(a, "set role " + tenantRole);
			// The catalogs that would list roles (and so count the other organizations
			// and
			// their BI users) are closed; what is left names nobody.
			for (String listing : List.of("select rolname from pg_roles", "select usename from pg_user",
					"select roleid from pg_auth_members", "select usename from pg_stat_activity",
					"select pg_get_userbyid(10)", "select * from pg_stat_get_activity(null)",
					"select * from pg_db_role_setting", "select * from pg_shdepend")) {
				assertRefused(a, listing);
			}
			Set<String> catalogNames = new HashSet<>();
			catalogNames.addAll(column(a, "select datname from pg_database"));
			catalogNames.addAll(column(a, "select nspname from pg_namespace"));
			catalogNames.addAll(column(a, "select relname from pg_class"));
			catalogNames.addAll(column(a, "select coalesce(relacl::text, '') from pg_class"));
			catalogNames.addAll(column(a, "select coalesce(datacl::text, '') from pg_database"));
			catalogNames.addAll(column(a, "select coalesce(description, '') from pg_description"));
			catalogNames.addAll(column(a, "select table_name from information_schema.tables"));
			for (String secret : List.of("Beta", "Alpha", beta.team().org(), alpha.team().org(), beta.team().project(),
					beta.login(), tenantRole)) {
				assertThat(catalogNames).as(secret).noneMatch(name -> name != null && name.contains(secret));
			}
			// The views are there to be found, with their columns.
			assertThat(column(a, "select table_name from information_schema.views where table_schema = 'rampart'"))
				.contains("tasks", "projects", "comments");
			// The other organization's rows are not there, whatever the query.
			assertThat(column(a, "select count(*) from tasks where project_id = '" + beta.team().project() + "'"))
				.containsExactly("0");
		}
	}

	private static void assertRefused(Connection c, String sql) {
		assertThatThrownBy(() -> {
			try (Statement s = c.createStatement()) {
				s.execute(sql);
			}
		}).as(sql)
			.isInstanceOf(SQLException.class)
			.satisfies(ex -> assertThat(((SQLException) ex).getSQLState()).as(sql)
				.isIn("42501", "25006", "42P01", "3F000", "42883"));
	}

	@Test
	void refusedConnectionsAreRefusedAndRecorded() throws Exception {
		awaitProjected(alpha);
		// A plain connection: no rule matches without TLS.
		assertThatThrownBy(() -> connect(alpha.login(), alpha.password(), "disable", null).close())
			.isInstanceOf(SQLException.class)
			.hasMessageContaining("no encryption");
		// Another source address than the allow-list's 127.0.0.1.
		assertThatThrownBy(() -> connect(alpha.login(), alpha.password(), "require", "127.0.0.2").close())
			.isInstanceOf(SQLException.class)
			.hasMessageContaining("127.0.0.2");
		// A wrong password.
		assertThatThrownBy(() -> connect(alpha.login(), "wrong-" + alpha.password(), "require", null).close())
			.isInstanceOf(SQLException.class);
		// Another organization's user name with its own password, from the right place:
		// still only its own rows (above); here the names cannot be swapped.
		assertThatThrownBy(() -> connect(beta.login(), alpha.password()).close()).isInstanceOf(SQLException.class);

		// Expired.
		Instant expiry = Instant.now().plusSeconds(6);
		Api.Response soon = api().post("/api/v1/orgs/" + alpha.team().org() + "/bi/users", alpha.owner(), Map
			.of("label", "Short-lived", "allowedNetworks", List.of("127.0.0.1"), "expiresAt", expiry.toString()));
		assertThat(soon.status()).as(soon.body()).isEqualTo(201);
		try (Connection c = connect(soon.text("login"), soon.text("password"))) {
			assertThat(column(c, "select 1")).containsExactly("1");
		}
		Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), expiry).toMillis()) + 500);
		assertThatThrownBy(() -> connect(soon.text("login"), soon.text("password")).close())
			.isInstanceOf(SQLException.class)
			.hasMessageContaining("password authentication failed");

		// Revoked: refused, and an open session ends.
		Api.Response other = api().post("/api/v1/orgs/" + alpha.team().org() + "/bi/users", alpha.owner(),
				Map.of("label", "Tableau", "allowedNetworks", List.of("127.0.0.0/8")));
		try (Connection open = connect(other.text("login"), other.text("password"))) {
			assertThat(api()
				.call("DELETE",
						"/api/v1/orgs/" + alpha.team().org() + "/bi/users/"
								+ other.json().get("user").get("id").asString(),
						alpha.owner(), null, Map.of())
				.status()).isEqualTo(204);
			assertThatThrownBy(() -> column(open, "select 1")).isInstanceOf(SQLException.class);
		}
		assertThatThrownBy(() -> connect(other.text("login"), other.text("password")).close())
			.isInstanceOf(SQLException.class);

		// Rotated: the new pair works at once, the old one for the overlap (4 s here),
		// then
		// not.
		Api.Response rotated = api().post(
				"/api/v1/orgs/" + alpha.team().org() + "/bi/users/" + alpha.userId() + "/rotate", alpha.owner(), null);
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
		assertThat(rotated.text("login")).isNotEqualTo(alpha.login());
		assertThat(rotated.json().get("user").get("previousLogin").asString()).isEqualTo(alpha.login());
		assertThat(quietly(rotated.text("login"), rotated.text("password"), "select 1")).containsExactly("1");
		assertThat(quietly(alpha.login(), alpha.password(), "select 1")).containsExactly("1");
		eventually(() -> quietly(alpha.login(), alpha.password(), "select 1").contains("error: 28000"));
		assertThat(quietly(rotated.text("login"), rotated.text("password"), "select 1")).containsExactly("1");

		// Every refusal is in the organization's activity log, with its reason.
		eventually(() -> {
			JsonNode log = api()
				.get("/api/v1/orgs/" + alpha.team().org() + "/audit?action=bi.connection_refused&first=50",
						alpha.owner())
				.json();
			List<String> details = new ArrayList<>();
			log.get("items").forEach(entry -> details.add(entry.path("detail").asString("")));
			return details.stream().anyMatch(d -> d.contains("TLS is required"))
					&& details.stream().anyMatch(d -> d.contains("no rule allows"))
					&& details.stream().anyMatch(d -> d.contains("wrong or expired password"));
		});
		// The owner's own actions are there too.
		JsonNode actions = api().get("/api/v1/orgs/" + alpha.team().org() + "/audit?first=100", alpha.owner()).json();
		List<String> names = new ArrayList<>();
		actions.get("items").forEach(entry -> names.add(entry.get("action").asString()));
		assertThat(names).contains("bi.enable", "bi.user.create", "bi.user.rotate", "bi.user.revoke");
		assertThat(actions.toString()).doesNotContain(alpha.password()).doesNotContain(rotated.text("password"));
	}

	@Test
	void theProjectionFollowsChangesAndLeavesOutRestrictedTasks() throws SQLException {
		awaitProjected(alpha);
		String task = apiTaskIds(alpha).iterator().next();
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + task, alpha.team().lead().token(),
					Map.of("title", "Renamed for the board", "priority", "high"), Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		eventually(() -> quietly(alpha.login(), alpha.password(),
				"select title || '/' || priority from tasks where id = '" + task + "'")
			.equals(Set.of("Renamed for the board/high")));
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + task, alpha.team().lead().token(), Map.of("visibility", "restricted"),
					Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		eventually(
				() -> quietly(alpha.login(), alpha.password(), "select count(*) from tasks where id = '" + task + "'")
					.equals(Set.of("0")));
		assertThat(quietly(alpha.login(), alpha.password(),
				"select count(*) from comments where task_id = '" + task + "'"))
			.containsExactly("0");
		// The owner may choose restricted tasks too.
		assertThat(api()
			.call("PUT", "/api/v1/orgs/" + alpha.team().org() + "/bi", alpha.owner(),
					Map.of("content", true, "restricted", true), Map.of())
			.status()).isEqualTo(200);
		eventually(() -> quietly(alpha.login(), alpha.password(),
				"select restricted::text from tasks where id = '" + task + "'")
			.equals(Set.of("true")));
		// Deleted: gone.
		String another = api().create("/api/v1/projects/" + alpha.team().project() + "/tasks",
				alpha.team().contributor().token(), Map.of("title", "Short life"));
		eventually(
				() -> quietly(alpha.login(), alpha.password(), "select title from tasks where id = '" + another + "'")
					.equals(Set.of("Short life")));
		assertThat(api()
			.call("DELETE", "/api/v1/tasks/" + another, alpha.team().lead().token(), null, Map.of("If-Match", "*"))
			.status()).isEqualTo(204);
		eventually(() -> quietly(alpha.login(), alpha.password(),
				"select count(*) from tasks where id = '" + another + "'")
			.equals(Set.of("0")));
	}

	@Test
	void theProjectionSurvivesARestartOfTheBiDatabaseAndTheReconcileRepairsDrift() throws Exception {
		awaitProjected(beta);
		long pid = Long.parseLong(Files.readAllLines(HOME.resolve("bi-postgres/postmaster.pid")).get(0).trim());
		ProcessHandle.of(pid).orElseThrow().destroyForcibly();
		// Changes while it is down wait, and arrive once the watchdog has it back.
		String during = api().create("/api/v1/projects/" + beta.team().project() + "/tasks",
				beta.team().contributor().token(), Map.of("title", "Made while BI was down"));
		eventually(
				() -> quietly(beta.login(), beta.password(), "select count(*) from tasks where id = '" + during + "'")
					.equals(Set.of("1")));

		// A row changed behind the projection's back is found and repaired.
		String task = apiTaskIds(beta).iterator().next();
		database.asWriter(sql -> sql.execute(
				"update bi_data.tasks set priority = 'tampered', estimate_minutes = 999 where id = '" + task + "'"));
		assertThat(quietly(beta.login(), beta.password(), "select priority from tasks where id = '" + task + "'"))
			.containsExactly("tampered");
		Api.Response reconciled = api().post("/api/v1/orgs/" + beta.team().org() + "/bi/reconcile", beta.owner(), null);
		assertThat(reconciled.status()).as(reconciled.body()).isEqualTo(200);
		JsonNode report = new Api.Response(200, null,
				reconciled.json().get("projection").get("lastReconcile").asString())
			.json();
		assertThat(report.get("repaired").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(report.get("tables").get("tasks").get("written").asInt()).isEqualTo(1);
		assertThat(report.get("tables").get("tasks").get("source").asInt()).isEqualTo(apiTaskIds(beta).size());
		assertThat(quietly(beta.login(), beta.password(), "select priority from tasks where id = '" + task + "'"))
			.doesNotContain("tampered");
		// A second reconcile finds nothing to repair.
		JsonNode again = new Api.Response(200, null,
				api().post("/api/v1/orgs/" + beta.team().org() + "/bi/reconcile", beta.owner(), null)
					.json()
					.get("projection")
					.get("lastReconcile")
					.asString())
			.json();
		assertThat(again.get("repaired").asInt()).isZero();
	}

	@Test
	void turningAccessOffRemovesTheRowsAndRolesAtOnce() throws SQLException {
		awaitProjected(beta);
		String tenantRole = tenantRoleOf(beta);
		try (Connection open = connect(beta.login(), beta.password())) {
			assertThat(api().call("DELETE", "/api/v1/orgs/" + beta.team().org() + "/bi", beta.owner(), null, Map.of())
				.status()).isEqualTo(204);
			assertThatThrownBy(() -> column(open, "select 1")).isInstanceOf(SQLException.class);
		}
		assertThatThrownBy(() -> connect(beta.login(), beta.password()).close()).isInstanceOf(SQLException.class);
		assertThat(database.roles()).doesNotContain(beta.login(), tenantRole);
		int rows = database.asWriter(
				sql -> sql
					.fetchOne(
							"select (select count(*) from bi_data.tasks where tenant = ?)"
									+ " + (select count(*) from bi_data.projects where tenant = ?)"
									+ " + (select count(*) from bi_data.people where tenant = ?)",
							tenantRole, tenantRole, tenantRole)
					.get(0, Integer.class));
		assertThat(rows).isZero();
		JsonNode status = api().get("/api/v1/orgs/" + beta.team().org() + "/bi", beta.owner()).json();
		assertThat(status.get("enabled").asBoolean()).isFalse();
		assertThat(status.get("users")).isEmpty();
		// The other organization is untouched.
		assertThat(quietly(alpha.login(), alpha.password(), "select count(*) from tasks"))
			.containsExactly(Integer.toString(apiTaskIds(alpha).size()));
	}

	@Test
	void deletingTheOrganizationRemovesItsProjectionAndRoles() throws Exception {
		Tenant doomed = tenant("bi-doomed", "Doomed Data", "Last", true, List.of("Final task"));
		awaitProjected(doomed);
		String tenantRole = tenantRoleOf(doomed);
		Api.Response deleted = api().call("DELETE", "/api/v1/orgs/" + doomed.team().org(), doomed.owner(), null,
				Map.of());
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
		assertThat(database.roles()).doesNotContain(doomed.login(), tenantRole);
		int rows = database.asWriter(
				sql -> sql
					.fetchOne(
							"select (select count(*) from bi_data.tasks where tenant = ?)"
									+ " + (select count(*) from bi_data.comments where tenant = ?)",
							tenantRole, tenantRole)
					.get(0, Integer.class));
		assertThat(rows).isZero();
	}

	@Test
	void theNightlyReconcileRepairsWhatDriftedOnce() throws Exception {
		awaitProjected(alpha);
		String task = apiTaskIds(alpha).iterator().next();
		database.asWriter(sql -> sql.execute("update bi_data.tasks set title = 'drifted' where id = '" + task + "'"));
		// One node claims each organization for the night: a second claim finds nothing.
		database
			.asWriter(sql -> sql.execute("update bi_data.tenant_state set reconciled_at = now() - interval '1 day'"));
		assertThat(projector.claimNightly()).isGreaterThanOrEqualTo(1);
		eventually(() -> !quietly(alpha.login(), alpha.password(), "select title from tasks where id = '" + task + "'")
			.contains("drifted"));
		// Claimed once a night: a second run (another node) finds nothing due.
		assertThat(projector.claimNightly()).isZero();
	}

	@Test
	void onlyOwnersWithASecondFactorManageIt() {
		ProjectTeam team = ProjectTeam.create(api(), "bi-gate", "Gatekeepers", "Gate");
		String path = "/api/v1/orgs/" + team.org() + "/bi";
		// An owner without a second factor.
		Api.Response weak = api().call("PUT", path, team.lead().token(), Map.of("content", false, "restricted", false),
				Map.of());
		assertThat(weak.status()).as(weak.body()).isEqualTo(403);
		assertThat(weak.body()).contains("multi-factor");
		// A member: not theirs.
		assertThat(api().get(path, team.contributor().token()).status()).isEqualTo(403);
		assertThat(api()
			.call("PUT", path, team.contributor().token(), Map.of("content", false, "restricted", false), Map.of())
			.status()).isEqualTo(403);
		// Another organization's owner: not visible.
		assertThat(api().get(path, alpha.owner()).status()).isEqualTo(404);
		assertThat(api()
			.post("/api/v1/orgs/" + alpha.team().org() + "/bi/users", beta.owner(),
					Map.of("label", "x", "allowedNetworks", List.of("127.0.0.1/32")))
			.status()).isEqualTo(404);
		// Bad input: a clear 400.
		Api.Response bad = api().post("/api/v1/orgs/" + alpha.team().org() + "/bi/users", alpha.owner(),
				Map.of("label", "x", "allowedNetworks", List.of("example.org")));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("allowedNetworks");
		// Passwords are never read back.
		String body = api().get("/api/v1/orgs/" + alpha.team().org() + "/bi", alpha.owner()).body();
		assertThat(body).doesNotContain(alpha.password()).contains(alpha.login());
	}

	@Test
	void graphQlOffersTheSameWithTheSameDecisions() throws SQLException {
		ProjectTeam team = ProjectTeam.create(api(), "bi-gql", "Gamma Graphs", "Charts");
		String owner = SecondFactor.enrolTotp(api(), team.lead()).token();
		Map<String, Object> o = Map.of("o", team.org());
		String enable = "mutation($o: ID!) { enableBiAccess(organizationId: $o, content: false, restricted: false) { enabled connection { port jdbcUrl } } }";
		String create = "mutation($o: ID!) { createBiUser(organizationId: $o, label: \"Excel\", allowedNetworks: [\"127.0.0.1/32\"]) { login password user { id } } }";
		String read = "query($o: ID!) { organization(id: $o) { biAccess { enabled users { id login } projection { reachable } } } }";
		String reconcile = "mutation($o: ID!) { reconcileBiProjection(organizationId: $o) { projection { lastReconcile } } }";
		String disable = "mutation($o: ID!) { disableBiAccess(organizationId: $o) }";
		// Denied first: a member (403) and another organization's owner (404), for every
		// operation.
		for (String operation : List.of(enable, create, read, reconcile, disable)) {
			assertThat(classification(api().graphql(team.contributor().token(), operation, o))).as(operation)
				.isEqualTo("FORBIDDEN");
			assertThat(classification(api().graphql(alpha.owner(), operation, o))).as(operation).isEqualTo("NOT_FOUND");
		}
		JsonNode on = api().graphql(owner, enable, o).json();
		assertThat(on.path("errors").isMissingNode()).as(on.toString()).isTrue();
		assertThat(on.get("data").get("enableBiAccess").get("connection").get("port").asInt()).isEqualTo(BI_PORT);
		JsonNode made = api().graphql(owner, create, o).json().get("data").get("createBiUser");
		String userId = made.get("user").get("id").asString();
		try (Connection c = connect(made.get("login").asString(), made.get("password").asString())) {
			assertThat(column(c, "select id from projects")).containsExactly(team.project());
		}
		Map<String, Object> ou = Map.of("o", team.org(), "u", userId);
		String rotate = "mutation($o: ID!, $u: ID!) { rotateBiUser(organizationId: $o, id: $u) { login password } }";
		String revoke = "mutation($o: ID!, $u: ID!) { revokeBiUser(organizationId: $o, id: $u) }";
		for (String operation : List.of(rotate, revoke)) {
			assertThat(classification(api().graphql(team.contributor().token(), operation, ou))).as(operation)
				.isEqualTo("FORBIDDEN");
			assertThat(classification(api().graphql(alpha.owner(), operation, ou))).as(operation)
				.isEqualTo("NOT_FOUND");
		}
		JsonNode rotated = api().graphql(owner, rotate, ou).json().get("data").get("rotateBiUser");
		assertThat(rotated.get("login").asString()).isNotEqualTo(made.get("login").asString());
		JsonNode status = api().graphql(owner, read, o).json().get("data").get("organization").get("biAccess");
		assertThat(status.get("users").get(0).get("login").asString()).isEqualTo(rotated.get("login").asString());
		assertThat(status.toString()).doesNotContain(rotated.get("password").asString());
		assertThat(api().graphql(owner, reconcile, o)
			.json()
			.get("data")
			.get("reconcileBiProjection")
			.get("projection")
			.get("lastReconcile")
			.asString()).contains("\"repaired\"");
		assertThat(api().graphql(owner, revoke, ou).json().get("data").get("revokeBiUser").asBoolean()).isTrue();
		assertThatThrownBy(() -> connect(rotated.get("login").asString(), rotated.get("password").asString()).close())
			.isInstanceOf(SQLException.class);
		assertThat(api().graphql(owner, disable, o).json().get("data").get("disableBiAccess").asBoolean()).isTrue();
	}

	private static String classification(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode errors = response.json().path("errors");
		assertThat(errors.size()).as(response.body()).isGreaterThan(0);
		assertThat(response.body()).doesNotContain("Exception", "at dev.rampart");
		return errors.get(0).path("extensions").path("classification").asString();
	}

	private String psql(Tenant t, String sql) throws Exception {
		if (!Files.isExecutable(PSQL)) {
			String reason = "psql (postgresql-client-15) is not installed: the psql check is skipped";
			if (System.getenv("RAMPART_TEST_REQUIRE_POSTGRESQL") != null) {
				Assertions.fail(reason + ", but RAMPART_TEST_REQUIRE_POSTGRESQL is set");
			}
			Assumptions.abort(reason);
		}
		ProcessBuilder builder = new ProcessBuilder(PSQL.toString(), "--no-psqlrc", "-At", "-c", sql,
				"host=127.0.0.1 port=" + BI_PORT + " dbname=rampart_bi user=" + t.login() + " sslmode=require");
		builder.environment().put("PGPASSWORD", t.password());
		builder.redirectErrorStream(true);
		Process process = builder.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(out).isZero();
		// A plain connection with psql is refused too.
		ProcessBuilder plain = new ProcessBuilder(PSQL.toString(), "--no-psqlrc", "-At", "-c", "select 1",
				"host=127.0.0.1 port=" + BI_PORT + " dbname=rampart_bi user=" + t.login() + " sslmode=disable");
		plain.environment().put("PGPASSWORD", t.password());
		plain.redirectErrorStream(true);
		Process refused = plain.start();
		String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(refused.exitValue()).as(said).isNotZero();
		assertThat(said).contains("no encryption");
		return out;
	}

}
