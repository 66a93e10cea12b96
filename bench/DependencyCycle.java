import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Times rampart.order_dependency (the cycle check of work/Dependencies) on one project: a chain
 * through all its tasks plus random forward dependencies are written as the owner, then the check
 * runs as the application role under row-level security with a member's context.
 *
 * Usage: java -cp postgresql.jar bench/DependencyCycle.java RAMPART_HOME MEMBER_ID PROJECT_ID EXTRA RUNS
 */
public class DependencyCycle {

	public static void main(String[] args) throws Exception {
		Path home = Path.of(args[0]);
		String member = args[1];
		UUID project = UUID.fromString(args[2]);
		int extra = Integer.parseInt(args[3]);
		int runs = Integer.parseInt(args[4]);
		String port = Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(3).strip();
		String url = "jdbc:postgresql://127.0.0.1:" + port + "/rampart";
		String ownerPassword = Files.readString(home.resolve("secrets/postgres-owner")).strip();
		String appPassword = Files.readString(home.resolve("secrets/postgres-app")).strip();
		UUID user;
		UUID org;
		List<UUID> tasks = new ArrayList<>();
		try (Connection owner = DriverManager.getConnection(url, "rampart_owner", ownerPassword)) {
			try (PreparedStatement ps = owner.prepareStatement(
					"select ?::uuid, p.org_id from rampart.projects p where p.id = ?")) {
				ps.setString(1, member);
				ps.setObject(2, project);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					user = rs.getObject(1, UUID.class);
					org = rs.getObject(2, UUID.class);
				}
			}
			try (PreparedStatement ps = owner
				.prepareStatement("select id from rampart.tasks where project_id = ? order by created_at, id")) {
				ps.setObject(1, project);
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						tasks.add(rs.getObject(1, UUID.class));
					}
				}
			}
		}
		// Two shapes on the same tasks: a process (100 phases of equal size, each task blocked
		// by 1 to 3 tasks of the phase before: depth 100) and the adversarial one (a chain
		// through every task plus random forward dependencies: depth = the number of tasks).
		int phases = 100;
		int perPhase = tasks.size() / phases;
		measure(url, ownerPassword, appPassword, org, user, tasks, runs, "process-shaped, depth " + phases,
				(random, edges) -> {
					for (int p = 1; p < phases; p++) {
						for (int i = 0; i < perPhase; i++) {
							int blocked = p * perPhase + i;
							for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
								edges.add(new int[] { (p - 1) * perPhase + random.nextInt(perPhase), blocked });
							}
						}
					}
				}, tasks.get(0), tasks.get((phases - 1) * perPhase + perPhase / 2),
				new UUID[] { tasks.get(50 * perPhase + 3), tasks.get(50 * perPhase + 7) });
		measure(url, ownerPassword, appPassword, org, user, tasks, runs,
				"a chain through all " + tasks.size() + " tasks + " + extra + " random", (random, edges) -> {
					for (int i = 0; i + 1 < tasks.size(); i++) {
						edges.add(new int[] { i, i + 1 });
					}
					for (int n = 0; n < extra; n++) {
						int a = random.nextInt(tasks.size() - 1);
						edges.add(new int[] { a, a + 1 + random.nextInt(tasks.size() - a - 1) });
					}
				}, tasks.get(0), tasks.get(tasks.size() - 1),
				new UUID[] { tasks.get(tasks.size() / 2), tasks.get(tasks.size() / 2 + 1) });
	}

	interface Shape {

		void edges(Random random, List<int[]> edges);

	}

	private static void measure(String url, String ownerPassword, String appPassword, UUID org, UUID user,
			List<UUID> tasks, int runs, String shape, Shape edgesOf, UUID first, UUID last, UUID[] sameLevel)
			throws Exception {
		List<int[]> edges = new ArrayList<>();
		edgesOf.edges(new Random(42), edges);
		try (Connection owner = DriverManager.getConnection(url, "rampart_owner", ownerPassword)) {
			owner.setAutoCommit(false);
			try (PreparedStatement clear = owner.prepareStatement("delete from rampart.task_dependencies where org_id = ?")) {
				clear.setObject(1, org);
				clear.execute();
			}
			try (PreparedStatement ps = owner.prepareStatement(
					"insert into rampart.task_dependencies (org_id, blocker_id, blocked_id, created_by, created_at) "
							+ "values (?, ?, ?, ?, now()) on conflict do nothing")) {
				for (int[] edge : edges) {
					add(ps, org, tasks.get(edge[0]), tasks.get(edge[1]), user);
				}
				ps.executeBatch();
			}
			// Every dependency goes forward in the task list: its index is a topological
			// order, which rampart.order_dependency keeps from here on.
			try (PreparedStatement clear = owner.prepareStatement("delete from rampart.dependency_ranks where org_id = ?")) {
				clear.setObject(1, org);
				clear.execute();
			}
			try (PreparedStatement ps = owner
				.prepareStatement("insert into rampart.dependency_ranks (task_id, org_id, rank) values (?, ?, ?)")) {
				for (int i = 0; i < tasks.size(); i++) {
					ps.setObject(1, tasks.get(i));
					ps.setObject(2, org);
					ps.setDouble(3, i);
					ps.addBatch();
				}
				ps.executeBatch();
			}
			owner.commit();
			try (PreparedStatement analyze = owner.prepareStatement("analyze rampart.task_dependencies")) {
				analyze.execute();
			}
		}
		System.out.printf("== %s: %d tasks, %d dependencies%n", shape, tasks.size(), edges.size());
		try (Connection app = DriverManager.getConnection(url, "rampart_app", appPassword)) {
			app.setAutoCommit(true);
			// The service's statement timeout (rampart.db.statement-timeout, default 5 s).
			try (PreparedStatement ps = app.prepareStatement(
					"select set_config('rampart.user_id', ?, false), set_config('statement_timeout', '5000', false)")) {
				ps.setString(1, user.toString());
				ps.execute();
			}
			// Each call as work/Dependencies makes it (blocker, blocked), then rolled back so
			// every run starts from the same order.
			app.setAutoCommit(false);
			try (PreparedStatement check = app.prepareStatement("select rampart.order_dependency(?, ?, ?)")) {
				time(check, org, tasks.get(tasks.size() / 3), tasks.get(tasks.size() / 3 + 150), runs,
						"add, in the order kept (as a template adds): constant time", true);
				time(check, org, sameLevel[1], sameLevel[0], runs,
						"add, against the order, two tasks side by side in the order", true);
				time(check, org, tasks.get(tasks.size() / 2), tasks.get(tasks.size() / 2 - 150), runs,
						"add, against the order, across 150 tasks", true);
				time(check, org, last, first, runs, "refuse: a cycle from the last task back to the first", true);
			}
			app.setAutoCommit(true);
			try (PreparedStatement reachable = app
				.prepareStatement("select count(*) from rampart.dependencies_from(?, ?) where ? is not null")) {
				time(reachable, org, first, first, runs, "refusal only: the reachable dependencies to name the chain",
						false);
			}
		}
	}

	private static void add(PreparedStatement ps, UUID org, UUID blocker, UUID blocked, UUID user) throws Exception {
		ps.setObject(1, org);
		ps.setObject(2, blocker);
		ps.setObject(3, blocked);
		ps.setObject(4, user);
		ps.addBatch();
	}

	private static void time(PreparedStatement check, UUID org, UUID from, UUID to, int runs, String what,
			boolean answer) throws Exception {
		long[] nanos = new long[runs];
		String result = "";
		for (int i = -20; i < runs; i++) {
			check.setObject(1, org);
			check.setObject(2, from);
			check.setObject(3, to);
			long started = System.nanoTime();
			try (ResultSet rs = check.executeQuery()) {
				rs.next();
				result = answer ? (rs.getBoolean(1) ? "accepted" : "cycle") : rs.getLong(1) + " dependencies";
			}
			catch (java.sql.SQLException failed) {
				System.out.printf("%-66s refused after %.0f ms: %s%n", what, (System.nanoTime() - started) / 1e6,
						failed.getSQLState());
				return;
			}
			if (i >= 0) {
				nanos[i] = System.nanoTime() - started;
			}
			if (!check.getConnection().getAutoCommit()) {
				check.getConnection().rollback();
			}
		}
		Arrays.sort(nanos);
		System.out.printf("%-66s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   (%s)%n", what, nanos[runs / 2] / 1e6,
				nanos[(int) (runs * 0.99)] / 1e6, nanos[runs - 1] / 1e6, result);
	}

}
