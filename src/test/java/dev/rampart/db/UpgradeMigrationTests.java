package dev.rampart.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Versioned migrations applied to a database holding data from before them: nothing is
 * lost and what they add is filled in. A cluster of its own, migrated step by step as an
 * upgrade would be.
 */
class UpgradeMigrationTests {

	@Test
	void taskNumbersAndWorkflowsAreGivenToExistingDataAndNothingElseChanges() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				Connection c = postgres.getPostgresDatabase().getConnection();
				Statement sql = c.createStatement()) {
			sql.execute("create role rampart_app login");
			migrate(postgres, "25");
			UUID user = UUID.randomUUID();
			UUID org = UUID.randomUUID();
			UUID web = UUID.randomUUID();
			UUID ops = UUID.randomUUID();
			sql.execute("insert into rampart.users (id, email, display_name, email_index, password_hash, created_at, "
					+ "updated_at) values ('" + user + "', '\\x00', '\\x00', '\\x01', 'x', now(), now())");
			sql.execute("insert into rampart.organizations (id, name, created_by, created_at, updated_at) values ('"
					+ org + "', '\\x00', '" + user + "', now(), now())");
			for (UUID project : List.of(web, ops)) {
				sql.execute("insert into rampart.projects (id, org_id, name, description, created_by, created_at, "
						+ "updated_at) values ('" + project + "', '" + org + "', '\\x00', '\\x00', '" + user
						+ "', now(), now())");
			}
			// Three tasks in web (created out of id order), one in ops.
			List<UUID> webTasks = new ArrayList<>();
			for (int minutesAgo : List.of(30, 20, 10)) {
				UUID task = UUID.randomUUID();
				webTasks.add(task);
				insertTask(sql, task, org, web, user, minutesAgo);
			}
			UUID opsTask = UUID.randomUUID();
			insertTask(sql, opsTask, org, ops, user, 5);

			migrate(postgres, null);

			Map<UUID, Integer> numbers = new java.util.HashMap<>();
			try (ResultSet rows = sql.executeQuery("select id, number from rampart.tasks")) {
				while (rows.next()) {
					numbers.put(rows.getObject(1, UUID.class), rows.getInt(2));
				}
			}
			assertThat(numbers).hasSize(4);
			assertThat(webTasks.stream().map(numbers::get)).containsExactly(1, 2, 3);
			assertThat(numbers.get(opsTask)).isEqualTo(1);
			try (ResultSet rows = sql.executeQuery(
					"select next_task_number, task_key is null from rampart.projects where id = '" + web + "'")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getInt(1)).as("the next task is number 4").isEqualTo(4);
				assertThat(rows.getBoolean(2)).as("a key comes with the next change").isTrue();
			}
			try (ResultSet rows = sql.executeQuery("select count(*) from rampart.tasks where title = '\\x00'::bytea "
					+ "and status = 'todo' and start_date is null and milestone_id is null")) {
				rows.next();
				assertThat(rows.getInt(1)).as("every task as it was").isEqualTo(4);
			}
			// Workflows: the organization's default and each project's copy are the four
			// statuses
			// there always were, every move between them allowed.
			try (ResultSet rows = sql.executeQuery("select coalesce(w.project_id::text, 'default'), "
					+ "string_agg(s.key || ':' || s.category, ',' order by s.position), "
					+ "(select count(*) from rampart.workflow_transitions t where t.workflow_id = w.id) "
					+ "from rampart.workflows w join rampart.workflow_statuses s on s.workflow_id = w.id "
					+ "where w.org_id = '" + org + "' group by w.id, w.project_id")) {
				List<String> workflows = new ArrayList<>();
				while (rows.next()) {
					assertThat(rows.getString(2))
						.isEqualTo("todo:todo,in_progress:in_progress,done:done,cancelled:done");
					assertThat(rows.getInt(3)).isEqualTo(12);
					workflows.add(rows.getString(1));
				}
				assertThat(workflows).containsExactlyInAnyOrder("default", web.toString(), ops.toString());
			}
			// Every task's status is one of its project's now, by a foreign key.
			assertThatThrownBy(
					() -> sql.execute("update rampart.tasks set status = 'review' where id = '" + opsTask + "'"))
				.hasMessageContaining("tasks_status_fk");
		}
	}

	private static void insertTask(Statement sql, UUID task, UUID org, UUID project, UUID user, int minutesAgo)
			throws java.sql.SQLException {
		sql.execute("insert into rampart.tasks (id, org_id, project_id, title, description, status, priority, "
				+ "created_by, created_at, updated_by, updated_at, version, visibility) values ('" + task + "', '" + org
				+ "', '" + project + "', '\\x00', '\\x00', 'todo', 'medium', '" + user + "', now() - interval '"
				+ minutesAgo + " minutes', '" + user + "', now(), 1, 'project')");
	}

	/**
	 * Migrates to {@code target} (all of them if null). Up to a target, only the
	 * versioned migrations up to it run, from a copy of them: today's repeatable ones
	 * name today's tables.
	 */
	private static void migrate(EmbeddedPostgres postgres, String target) throws java.io.IOException {
		String location = "classpath:db/migration";
		if (target != null) {
			java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("rampart-migrations");
			var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver();
			for (var resource : resolver.getResources("classpath:db/migration/V*.sql")) {
				String name = java.util.Objects.requireNonNull(resource.getFilename());
				int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
				if (version <= Integer.parseInt(target)) {
					try (var in = resource.getInputStream()) {
						java.nio.file.Files.copy(in, dir.resolve(name));
					}
				}
			}
			location = "filesystem:" + dir;
		}
		Flyway.configure()
			.dataSource(postgres.getPostgresDatabase())
			.schemas("rampart")
			.defaultSchema("rampart")
			.createSchemas(true)
			.locations(location)
			.placeholders(Map.of("app_role", "rampart_app"))
			.load()
			.migrate();
	}

}
