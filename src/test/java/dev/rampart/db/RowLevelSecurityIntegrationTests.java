package dev.rampart.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Proof that the database itself isolates tenants: raw SQL as the application role (the
 * pool the service uses), with user A's context or with none, touches none of
 * organization B's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityIntegrationTests extends IntegrationTest {

	private static final String[] TENANT_TABLES = { "organizations", "org_members", "projects", "project_members",
			"project_roles", "project_access", "tasks", "task_grants", "comments", "attachments", "org_storage",
			"checklist_items", "task_dependencies", "milestones", "labels", "task_labels", "process_templates",
			"process_template_versions", "workflows", "workflow_statuses", "workflow_transitions", "task_history",
			"sprints", "task_watchers", "notifications", "webhooks", "webhook_deliveries", "bi_access", "bi_users",
			"bi_logins" };

	@Autowired
	DataSource appDataSource;

	@Autowired
	OwnerDatabase ownerDatabase;

	private TestUser carol;

	private TestUser dave;

	private String openTask;

	private String restrictedTask;

	private String daveGrant;

	private TestUser alice;

	private TestUser bob;

	private String orgB;

	@BeforeAll
	void twoTenants() {
		alice = api().newUser("alice");
		bob = api().newUser("bob");
		String orgA = api().create("/api/v1/orgs", alice.token(), Map.of("name", "A"));
		String projectA = api().create("/api/v1/orgs/" + orgA + "/projects", alice.token(), Map.of("name", "PA"));
		openTask = api().create("/api/v1/projects/" + projectA + "/tasks", alice.token(), Map.of("title", "TA"));
		restrictedTask = api().create("/api/v1/projects/" + projectA + "/tasks", alice.token(),
				Map.of("title", "TR", "visibility", "restricted"));
		api().create("/api/v1/tasks/" + restrictedTask + "/comments", alice.token(), Map.of("body", "secret"));
		carol = api().newUser("carol");
		dave = api().newUser("dave");
		api().create("/api/v1/orgs/" + orgA + "/members", alice.token(),
				Map.of("email", carol.email(), "role", "member"));
		api().create("/api/v1/orgs/" + orgA + "/members", alice.token(),
				Map.of("email", dave.email(), "role", "guest"));
		api().create("/api/v1/projects/" + projectA + "/members", alice.token(),
				Map.of("email", carol.email(), "role", "contributor"));
		daveGrant = api().create("/api/v1/tasks/" + restrictedTask + "/grants", alice.token(),
				Map.of("email", dave.email(), "role", "viewer"));
		orgB = api().create("/api/v1/orgs", bob.token(), Map.of("name", "B"));
		String projectB = api().create("/api/v1/orgs/" + orgB + "/projects", bob.token(), Map.of("name", "PB"));
		String taskB = api().create("/api/v1/projects/" + projectB + "/tasks", bob.token(), Map.of("title", "TB"));
		api().create("/api/v1/tasks/" + taskB + "/comments", bob.token(), Map.of("body", "CB"));
		api().upload("/api/v1/tasks/" + taskB + "/attachments", bob.token(), "b.txt", "text/plain",
				"B's file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		// B's planning rows: a checklist item, a dependency (and its ranks), a milestone,
		// a
		// label on a task.
		String blockerB = api().create("/api/v1/projects/" + projectB + "/tasks", bob.token(), Map.of("title", "TB0"));
		api().create("/api/v1/tasks/" + taskB + "/checklist", bob.token(), Map.of("text", "item B"));
		api().post("/api/v1/tasks/" + taskB + "/dependencies", bob.token(), Map.of("blockerId", blockerB));
		String milestoneB = api().create("/api/v1/projects/" + projectB + "/milestones", bob.token(),
				Map.of("name", "MB"));
		String labelB = api().create("/api/v1/orgs/" + orgB + "/labels", bob.token(),
				Map.of("name", "LB", "colour", "#000000"));
		api().call("PATCH", "/api/v1/tasks/" + taskB, bob.token(),
				Map.of("milestoneId", milestoneB, "labelIds", java.util.List.of(labelB)), Map.of("If-Match", "*"));
		String templateB = api().create("/api/v1/orgs/" + orgB + "/templates", bob.token(),
				Map.of("format", "rampart.process-template/1", "name", "TPL B", "phases",
						java.util.List.of(Map.of("name", "P", "steps", java.util.List.of()))));
		api().post("/api/v1/templates/" + templateB + "/publish", bob.token(), null);
		api().call("PUT", "/api/v1/templates/" + templateB + "/draft", bob.token(),
				Map.of("format", "rampart.process-template/1", "name", "TPL B 2", "phases",
						java.util.List.of(Map.of("name", "P", "steps", java.util.List.of()))));
		// B's notifications: a member told of being added to B's project and assigned.
		TestUser erin = api().newUser("erin");
		api().create("/api/v1/orgs/" + orgB + "/members", bob.token(), Map.of("email", erin.email(), "role", "member"));
		api().create("/api/v1/projects/" + projectB + "/members", bob.token(),
				Map.of("email", erin.email(), "role", "contributor"));
		api().call("PATCH", "/api/v1/tasks/" + taskB, bob.token(), Map.of("assigneeId", erin.id()),
				Map.of("If-Match", "*"));
		api().call("PUT", "/api/v1/me/notification-mail", erin.token(), Map.of("email", "off"));
		// B's webhook and a delivery of it.
		api().create("/api/v1/orgs/" + orgB + "/webhooks", bob.token(),
				Map.of("url", RECEIVER.url("/rls-b"), "events", java.util.List.of("task.updated")));
		api().call("PATCH", "/api/v1/tasks/" + taskB, bob.token(), Map.of("priority", "high"), Map.of("If-Match", "*"));
		// B's BI access and a BI user (its owner needs a second factor for that).
		String bobStrong = dev.rampart.SecondFactor.enrolTotp(api(), bob).token();
		api().call("PUT", "/api/v1/orgs/" + orgB + "/bi", bobStrong, Map.of("content", false, "restricted", false),
				Map.of());
		assertThat(api()
			.post("/api/v1/orgs/" + orgB + "/bi/users", bobStrong,
					Map.of("label", "RLS", "allowedNetworks", java.util.List.of("127.0.0.1/32")))
			.status()).isEqualTo(201);
		this.erin = erin;
		this.projectA = projectA;
	}

	private String projectA;

	private TestUser erin;

	@Test
	void biAccessIsTheOwnersAloneEvenInsideTheOrganization() throws SQLException {
		for (String table : new String[] { "bi_access", "bi_users", "bi_logins" }) {
			try (Connection c = appDataSource.getConnection()) {
				c.setAutoCommit(false);
				setUser(c, erin.id());
				assertThat(count(c, "select count(*) from rampart." + table + " where org_id = ?"))
					.as("a member of B reads %s", table)
					.isZero();
				assertThat(changedOrRefused(c, "delete from rampart." + table + " where org_id = ?"))
					.as("a member of B deletes from %s", table)
					.isZero();
				c.rollback();
				setUser(c, bob.id());
				assertThat(count(c, "select count(*) from rampart." + table + " where org_id = ?"))
					.as("B's owner reads %s", table)
					.isEqualTo(1);
				c.rollback();
			}
		}
	}

	@Test
	void theBiUpkeepsFunctionsRefuseARequestsUser() throws SQLException {
		for (String call : new String[] { "select count(*) from rampart.bi_tenants()",
				"select count(*) from rampart.bi_logins_known(now())", "select rampart.bi_login_org('u_x')",
				"select rampart.bi_record_reconcile(gen_random_uuid(), now(), '{}')" }) {
			assertRefusedWithAUser(call);
		}
	}

	/**
	 * A definer function for jobs that run without a user, called in a request's
	 * transaction.
	 */
	private void assertRefusedWithAUser(String call) throws SQLException {
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			setUser(c, bob.id());
			assertThatThrownBy(() -> {
				try (Statement s = c.createStatement()) {
					s.executeQuery(call);
				}
			}).as(call).hasMessageContaining("runs without a user");
			c.rollback();
		}
	}

	@Test
	void theDependencyGraphVersionsAreTheOwnersAlone() throws SQLException {
		// Counted by a trigger and read by rampart.lock_dependency_graph (security
		// definer): the application role has no right on the table at all.
		try (Connection c = appDataSource.getConnection(); Statement s = c.createStatement()) {
			c.setAutoCommit(false);
			setUser(c, bob.id());
			assertThatThrownBy(() -> s.executeQuery("select count(*) from rampart.dependency_graph_versions"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("permission denied");
			c.rollback();
		}
	}

	@Test
	void aContributorCannotWriteAMilestoneOrALabelPastTheServiceEither() throws SQLException {
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			setUser(c, carol.id());
			assertThatThrownBy(() -> c.createStatement()
				.executeUpdate("insert into rampart.milestones (id, org_id, project_id, name, state, created_by, "
						+ "created_at, updated_at) select '" + UUID.randomUUID() + "', org_id, id, '\\x00', 'open', '"
						+ carol.id() + "', now(), now() from rampart.projects where id = '" + projectA + "'"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("row-level security");
			c.rollback();
			setUser(c, carol.id());
			assertThatThrownBy(() -> c.createStatement()
				.executeUpdate("insert into rampart.labels (id, org_id, name, name_index, colour, created_by, "
						+ "created_at, updated_at) select '" + UUID.randomUUID() + "', org_id, '\\x00', '\\x01', "
						+ "'#000000', '" + carol.id() + "', now(), now() from rampart.projects where id = '" + projectA
						+ "'"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("row-level security");
			c.rollback();
		}
	}

	@Test
	void aWorkflowIsReadWithItsProjectOrATaskInItAndChangedOnlyByWhoMayUpdateTheProject() throws SQLException {
		String statusesOfA = "select count(*) from rampart.workflow_statuses where project_id = '" + projectA + "'";
		try (Connection c = appDataSource.getConnection(); Statement s = c.createStatement()) {
			c.setAutoCommit(false);
			setUser(c, carol.id());
			assertThat(count(c, statusesOfA)).as("a contributor reads the statuses").isEqualTo(4);
			assertThat(s.executeUpdate(
					"update rampart.workflow_statuses set name = 'Mine' where project_id = '" + projectA + "'"))
				.as("but changes none")
				.isZero();
			assertThat(s.executeUpdate("delete from rampart.workflow_transitions t using rampart.workflows w "
					+ "where w.id = t.workflow_id and w.project_id = '" + projectA + "'"))
				.isZero();
			assertThatThrownBy(() -> s.executeUpdate("insert into rampart.workflow_statuses (workflow_id, org_id, "
					+ "project_id, key, name, colour, category, position) select id, org_id, project_id, 'mine', "
					+ "'Mine', '#000000', 'todo', 9 from rampart.workflows where project_id = '" + projectA + "'"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("row-level security");
			c.rollback();
			// A guest who sees one task of the project sees its statuses, for that task.
			setUser(c, dave.id());
			assertThat(count(c, statusesOfA)).isEqualTo(4);
			assertThat(s.executeUpdate(
					"update rampart.workflow_statuses set name = 'Mine' where project_id = '" + projectA + "'"))
				.isZero();
			c.rollback();
			setUser(c, bob.id());
			assertThat(count(c, statusesOfA)).as("another organization's user sees nothing").isZero();
			c.rollback();
		}
	}

	@Test
	void applicationRoleIsNeitherSuperuserNorBypassesRlsNorOwnsTables() throws SQLException {
		try (Connection c = appDataSource.getConnection();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select r.rolsuper, r.rolbypassrls, "
						+ "(select count(*) from pg_class k where k.relowner = r.oid) "
						+ "from pg_roles r where r.rolname = current_user")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getBoolean(1)).as("superuser").isFalse();
			assertThat(rs.getBoolean(2)).as("bypassrls").isFalse();
			assertThat(rs.getLong(3)).as("owned relations").isZero();
		}
	}

	@Test
	void everyTenantTableHasForcedRowLevelSecurity() throws SQLException {
		try (Connection c = appDataSource.getConnection();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select relname, relrowsecurity, relforcerowsecurity from pg_class "
						+ "where relnamespace = 'rampart'::regnamespace and relkind = 'r' and relname <> 'flyway_schema_history'")) {
			int tables = 0;
			while (rs.next()) {
				tables++;
				assertThat(rs.getBoolean(2)).as("RLS enabled on %s", rs.getString(1)).isTrue();
				assertThat(rs.getBoolean(3)).as("RLS forced on %s", rs.getString(1)).isTrue();
			}
			assertThat(tables).isGreaterThanOrEqualTo(8);
		}
	}

	/**
	 * A read view a module publishes (R__6, R__7) filters as its tables do: it runs with
	 * the reader's rights ({@code security_invoker}), shows nothing without a context and
	 * nothing of another organization with one.
	 */
	@Test
	void everyReadViewAppliesTheReadersRowLevelSecurity() throws SQLException {
		java.util.List<String> views = new java.util.ArrayList<>();
		try (Connection c = appDataSource.getConnection();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select relname, coalesce(reloptions, '{}') @> '{security_invoker=true}' "
						+ "from pg_class where relnamespace = 'rampart'::regnamespace and relkind = 'v'")) {
			while (rs.next()) {
				assertThat(rs.getBoolean(2)).as("security_invoker on %s", rs.getString(1)).isTrue();
				views.add(rs.getString(1));
			}
		}
		assertThat(views).contains("decision_tasks", "decision_org_members", "account_names");
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			for (String view : views) {
				assertThat(count(c, "select count(*) from rampart." + view)).as("rows of %s without context", view)
					.isZero();
			}
			setUser(c, alice.id());
			for (String view : views) {
				String table = view.equals("account_names") ? "users" : view.replaceFirst("^decision_", "");
				assertThat(count(c, "select count(*) from rampart." + view))
					.as("rows of %s against its table %s", view, table)
					.isEqualTo(count(c, "select count(*) from rampart." + table));
			}
			assertThat(count(c, "select count(*) from rampart.decision_tasks")).as("own tasks only").isEqualTo(2);
			c.rollback();
		}
		assertThat(rowsOfB()).as("B has rows the views left out").isGreaterThan(0);
	}

	/**
	 * Today's policies are readable in one place: every policy in the database, and every
	 * table under row-level security, is written in a repeatable migration
	 * ({@code R__*.sql}), and those files define nothing the database lacks.
	 */
	@Test
	void everyPolicyAndProtectedTableIsWrittenInTheRepeatableMigrations() throws Exception {
		java.util.Set<String> written = new java.util.TreeSet<>();
		java.util.Set<String> writtenTables = new java.util.TreeSet<>();
		var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver();
		var policy = java.util.regex.Pattern.compile("(?m)^create policy (\\w+) on rampart\\.(\\w+)");
		var table = java.util.regex.Pattern.compile("(?m)^alter table rampart\\.(\\w+) force row level security;");
		for (var file : resolver.getResources("classpath:db/migration/R__*.sql")) {
			String text = file.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
			policy.matcher(text).results().forEach(m -> written.add(m.group(2) + "." + m.group(1)));
			table.matcher(text).results().forEach(m -> writtenTables.add(m.group(1)));
		}
		java.util.Set<String> live = new java.util.TreeSet<>();
		java.util.Set<String> protectedTables = new java.util.TreeSet<>();
		try (Connection c = appDataSource.getConnection(); Statement s = c.createStatement()) {
			try (ResultSet rs = s
				.executeQuery("select tablename, policyname from pg_policies where schemaname = 'rampart'")) {
				while (rs.next()) {
					live.add(rs.getString(1) + "." + rs.getString(2));
				}
			}
			try (ResultSet rs = s
				.executeQuery("select relname from pg_class where relnamespace = 'rampart'::regnamespace "
						+ "and relkind = 'r' and relforcerowsecurity")) {
				while (rs.next()) {
					protectedTables.add(rs.getString(1));
				}
			}
		}
		assertThat(live).hasSizeGreaterThan(60);
		assertThat(written).isEqualTo(live);
		assertThat(writtenTables).isEqualTo(protectedTables);
	}

	@Test
	void withAnotherUsersContextNoForeignRowIsReadUpdatedOrDeleted() throws SQLException {
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			setUser(c, alice.id());
			for (String table : TENANT_TABLES) {
				String column = table.equals("organizations") ? "id" : "org_id";
				assertThat(count(c, "select count(*) from rampart." + table + " where " + column + " = ?"))
					.as("rows of B visible in %s", table)
					.isZero();
				assertThat(changedOrRefused(c,
						"update rampart." + table + " set " + column + " = " + column + " where " + column + " = ?"))
					.as("rows of B updated in %s", table)
					.isZero();
				assertThat(changedOrRefused(c, "delete from rampart." + table + " where " + column + " = ?"))
					.as("rows of B deleted in %s", table)
					.isZero();
			}
			assertThat(count(c, "select count(*) from rampart.tasks")).as("own tasks stay visible").isEqualTo(2);
			c.rollback();
		}
		assertThat(rowsOfB()).as("B's data is intact").isGreaterThan(0);
	}

	@Test
	void theSearchFunctionFindsNothingInAnotherOrganization() throws SQLException {
		// B's own search terms (read as the owner), asked for with A's member's context.
		byte[] term = ownerDatabase.transaction(sql -> sql.select(dev.rampart.db.schema.Tables.TASKS.SEARCH_TERMS)
			.from(dev.rampart.db.schema.Tables.TASKS)
			.where(dev.rampart.db.schema.Tables.TASKS.ORG_ID.eq(UUID.fromString(orgB)))
			.limit(1)
			.fetchOne()
			.value1()[0]);
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			for (String who : new String[] { alice.id(), bob.id() }) {
				setUser(c, who);
				try (PreparedStatement s = c
					.prepareStatement("select count(*) from rampart.search_tasks(?, ?, 1, null, null,"
							+ " null, null, null, null, null, null, null, 100)")) {
					s.setObject(1, UUID.fromString(orgB));
					s.setObject(2, java.util.Collections.nCopies(24, term).toArray(new byte[0][]));
					try (ResultSet rs = s.executeQuery()) {
						rs.next();
						if (who.equals(bob.id())) {
							assertThat(rs.getLong(1)).as("B's owner finds B's task").isPositive();
						}
						else {
							assertThat(rs.getLong(1)).as("B's tasks found by A's member").isZero();
						}
					}
				}
			}
			c.rollback();
		}
	}

	@Test
	void theWebhookSubscriptionsOfAnotherOrganizationAreNotAnswered() throws SQLException {
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			for (String who : new String[] { alice.id(), bob.id() }) {
				setUser(c, who);
				try (PreparedStatement s = c.prepareStatement(
						"select count(*) from rampart.webhook_subscriptions(?, null::uuid, 'task.updated')")) {
					s.setObject(1, UUID.fromString(orgB));
					try (ResultSet rs = s.executeQuery()) {
						rs.next();
						assertThat(rs.getLong(1)).as("B's webhooks answered to " + who)
							.isEqualTo(who.equals(bob.id()) ? 1 : 0);
					}
				}
			}
			c.rollback();
		}
	}

	@Test
	void theWebhookSendersFunctionsRefuseARequestsUser() throws SQLException {
		for (String call : new String[] { "select count(*) from rampart.claim_webhook_deliveries(10, now(), now())",
				"select count(*) from rampart.webhooks_to_send(array[gen_random_uuid()])",
				"select rampart.webhook_outbox_housekeeping()",
				"select rampart.record_webhook_health(gen_random_uuid(), false, now(), now())" }) {
			assertRefusedWithAUser(call);
		}
	}

	@Test
	void withNoContextNothingIsVisible() throws SQLException {
		try (Connection c = appDataSource.getConnection(); Statement s = c.createStatement()) {
			c.setAutoCommit(false);
			for (String table : new String[] { "users", "user_sessions", "organizations", "org_members", "projects",
					"project_members", "project_access", "tasks", "task_grants", "comments", "attachments",
					"org_storage", "known_devices", "csrf_tokens", "checklist_items", "task_dependencies", "milestones",
					"labels", "task_labels", "task_history", "sprints", "task_watchers", "notifications",
					"notification_preferences", "webhooks", "webhook_deliveries", "bi_access", "bi_users", "bi_logins",
					"idempotency_keys" }) {
				try (ResultSet rs = s.executeQuery("select count(*) from rampart." + table)) {
					rs.next();
					assertThat(rs.getLong(1)).as("rows visible in %s without context", table).isZero();
				}
			}
			c.rollback();
		}
	}

	@Test
	void insertingIntoAForeignOrganizationIsRefused() throws SQLException {
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			setUser(c, alice.id());
			assertThatThrownBy(() -> update(c,
					"insert into rampart.projects (id, org_id, name, description, created_by, "
							+ "created_at, updated_at) values ('" + UUID.randomUUID() + "', ?, 'x', '', '" + alice.id()
							+ "', now(), now())"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("row-level security");
			c.rollback();
		}
	}

	@Test
	void restrictedTasksAreHiddenFromProjectRolesWithoutTheRightAndShownToGrantees() throws SQLException {
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			setUser(c, carol.id());
			assertThat(ids(c, "select id from rampart.tasks")).as("contributor sees the open task only")
				.containsExactly(openTask);
			assertThat(count(c, "select count(*) from rampart.comments")).as("nor the restricted task's comments")
				.isZero();
			assertThat(count(c, "select count(*) from rampart.task_grants")).as("nor its grants").isZero();
			assertThat(
					update(c, "update rampart.tasks set title = 'x' where visibility = 'restricted' and org_id <> ?"))
				.as("nor can change it")
				.isZero();
			c.rollback();

			setUser(c, dave.id());
			assertThat(ids(c, "select id from rampart.tasks")).as("the grantee sees the shared task only")
				.containsExactly(restrictedTask);
			assertThat(count(c, "select count(*) from rampart.comments")).as("and its comments").isEqualTo(1);
			assertThat(count(c, "select count(*) from rampart.projects")).as("but not its project").isZero();
			assertThatThrownBy(() -> update(c,
					"insert into rampart.task_grants (id, org_id, project_id, task_id, user_id, "
							+ "role, created_by, created_at) select '" + UUID.randomUUID()
							+ "', org_id, project_id, id, '" + dave.id() + "', 'collaborator', '" + dave.id()
							+ "', now() from rampart.tasks where org_id <> ?"))
				.as("a grantee cannot grant")
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("row-level security");
			c.rollback();
		}
	}

	@Test
	void anExpiredGrantShowsNothing() throws SQLException {
		try (Connection owner = ownerDatabase.connect()) {
			owner.setAutoCommit(false);
			try (PreparedStatement expire = owner.prepareStatement(
					"update rampart.task_grants set expires_at = now() - interval '1 second' where id = ?")) {
				expire.setObject(1, UUID.fromString(daveGrant));
				assertThat(expire.executeUpdate()).isEqualTo(1);
			}
			owner.commit();
			try (Connection c = appDataSource.getConnection()) {
				c.setAutoCommit(false);
				setUser(c, dave.id());
				assertThat(count(c, "select count(*) from rampart.tasks")).isZero();
				assertThat(count(c, "select count(*) from rampart.comments")).isZero();
				c.rollback();
			}
			try (PreparedStatement renew = owner
				.prepareStatement("update rampart.task_grants set expires_at = null where id = ?")) {
				renew.setObject(1, UUID.fromString(daveGrant));
				renew.executeUpdate();
			}
			owner.commit();
		}
	}

	private static java.util.List<String> ids(Connection c, String sql) throws SQLException {
		java.util.List<String> ids = new java.util.ArrayList<>();
		try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			while (rs.next()) {
				ids.add(rs.getString(1));
			}
		}
		return ids;
	}

	private long rowsOfB() throws SQLException {
		try (Connection c = appDataSource.getConnection()) {
			c.setAutoCommit(false);
			setUser(c, bob.id());
			long rows = count(c, "select count(*) from rampart.tasks where org_id = ?");
			c.rollback();
			return rows;
		}
	}

	private static void setUser(Connection c, String user) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("select set_config('rampart.user_id', ?, true)")) {
			ps.setString(1, user);
			ps.execute();
		}
	}

	private long count(Connection c, String sql) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			if (sql.contains("?")) {
				ps.setObject(1, UUID.fromString(orgB));
			}
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	/**
	 * Rows changed, or 0 when the application role may not change the table at all
	 * (privilege refused, as for project_access, which only triggers write); the refusal
	 * is rolled back to a savepoint so the transaction goes on.
	 */
	private int changedOrRefused(Connection c, String sql) throws SQLException {
		java.sql.Savepoint savepoint = c.setSavepoint();
		try {
			return update(c, sql);
		}
		catch (SQLException ex) {
			if (!"42501".equals(ex.getSQLState())) {
				throw ex;
			}
			c.rollback(savepoint);
			return 0;
		}
	}

	private int update(Connection c, String sql) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			ps.setObject(1, UUID.fromString(orgB));
			return ps.executeUpdate();
		}
	}

}
