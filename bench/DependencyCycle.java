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
 * Times the dependency cycle check (work/Dependencies with work/DependencyGraphs) on one project:
 * the dependencies are written as the schema owner, then the organization's owner adds
 * dependencies over HTTPS (POST /tasks/{id}/dependencies, one request and one transaction each:
 * the access decisions, the graph lock, the walk in memory, the insert and the activity-log entry)
 * whose walk crosses the whole project, and refuses a cycle across it. Also times, as the
 * application role, the two statements of a check (locking the graph for its version) and of a
 * reload (the whole graph, read when another node changed it).
 *
 * Usage: java -cp postgresql.jar bench/DependencyCycle.java RAMPART_HOME OWNER_ID PROJECT_ID EXTRA RUNS BASE_URL OWNER_TOKEN
 * (a JDK that launches several source files, 22 or newer: it uses bench/Board.java's client)
 */
public class DependencyCycle {

	public static void main(String[] args) throws Exception {
		Path home = Path.of(args[0]);
		String member = args[1];
		UUID project = UUID.fromString(args[2]);
		int extra = Integer.parseInt(args[3]);
		int runs = Integer.parseInt(args[4]);
		Board.connect(args[0], args[5]);
		String token = args[6];
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
		measure(url, ownerPassword, appPassword, org, user, tasks, runs, token, "process-shaped, depth " + phases,
				(random, edges) -> {
					for (int p = 1; p < phases; p++) {
						for (int i = 0; i < perPhase; i++) {
							int blocked = p * perPhase + i;
							for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
								edges.add(new int[] { (p - 1) * perPhase + random.nextInt(perPhase), blocked });
							}
						}
					}
				}, tasks.get(0), tasks.get((phases - 1) * perPhase + perPhase / 2));
		measure(url, ownerPassword, appPassword, org, user, tasks, runs, token,
				"a chain through all " + tasks.size() + " tasks + " + extra + " random", (random, edges) -> {
					for (int i = 0; i + 1 < tasks.size(); i++) {
						edges.add(new int[] { i, i + 1 });
					}
					for (int n = 0; n < extra; n++) {
						int a = random.nextInt(tasks.size() - 1);
						edges.add(new int[] { a, a + 1 + random.nextInt(tasks.size() - a - 1) });
					}
				}, tasks.get(0), tasks.get(tasks.size() - 1));
	}

	interface Shape {

		void edges(Random random, List<int[]> edges);

	}

	private static void measure(String url, String ownerPassword, String appPassword, UUID org, UUID user,
			List<UUID> tasks, int runs, String token, String shape, Shape edgesOf, UUID first, UUID last)
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
			owner.commit();
			try (PreparedStatement analyze = owner.prepareStatement("analyze rampart.task_dependencies")) {
				analyze.execute();
			}
		}
		System.out.printf("== %s: %d tasks, %d dependencies%n", shape, tasks.size(), edges.size());
		try (Connection app = DriverManager.getConnection(url, "rampart_app", appPassword)) {
			app.setAutoCommit(true);
			try (PreparedStatement ps = app.prepareStatement(
					"select set_config('rampart.user_id', ?, false), set_config('statement_timeout', '5000', false)")) {
				ps.setString(1, user.toString());
				ps.execute();
			}
			app.setAutoCommit(false);
			try (PreparedStatement lock = app.prepareStatement("select rampart.lock_dependency_graph(?)")) {
				time(lock, org, runs, "every check: lock the graph, read its version");
			}
			try (PreparedStatement reload = app
				.prepareStatement("select count(*) from rampart.dependency_graph(?)")) {
				time(reload, org, runs, "after another node's change: read the whole graph again");
			}
		}
		// Over HTTPS, as the organization's owner. The first request loads the graph.
		Board.send("POST", "/api/v1/tasks/" + tasks.get(2) + "/dependencies", token,
				"{\"blockerId\":\"" + tasks.get(0) + "\"}");
		java.nio.file.Path log = java.nio.file.Path.of(Board.home, "server.log");
		long logAt = Files.size(log);
		long[] added = new long[runs];
		int made = 0;
		for (int i = 3; made < runs && i < tasks.size(); i++) {
			// "the first task blocks task i": task i reaches everything after it, so the walk
			// crosses the project before it answers no cycle.
			long started = System.nanoTime();
			int status = post(tasks.get(i), tasks.get(0), token);
			long took = System.nanoTime() - started;
			if (status == 201) {
				added[made++] = took;
			}
		}
		Board.print("add (no cycle; the walk crosses the project), HTTPS request", Arrays.copyOf(added, made));
		logAt = printChecks(log, logAt, "add: the check alone (graph lock, version, walk), in the server");
		long[] refused = new long[runs];
		for (int i = -20; i < runs; i++) {
			long started = System.nanoTime();
			int status = post(first, last, token);
			if (status != 409) {
				System.out.println("the last task is not reached from the first in this shape: nothing to refuse");
				return;
			}
			if (i >= 0) {
				refused[i] = System.nanoTime() - started;
			}
		}
		Board.print("refuse a cycle from the last task back to the first, HTTPS request", refused);
		printChecks(log, logAt, "refuse: the check alone (graph lock, version, walk), in the server");
	}

	/**
	 * The server's own figure for each check since {@code from} in its log (debug lines of
	 * work/Dependencies): the HTTPS figures above also hold TLS, access decisions, naming the
	 * chain, the insert and the activity log.
	 */
	private static long printChecks(java.nio.file.Path log, long from, String what) throws Exception {
		Thread.sleep(500);
		byte[] all = Files.readAllBytes(log);
		String added = new String(all, (int) from, all.length - (int) from, java.nio.charset.StandardCharsets.UTF_8);
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("dependency cycle check: (\\d+) microseconds")
			.matcher(added);
		List<Long> nanos = new ArrayList<>();
		while (m.find()) {
			nanos.add(Long.parseLong(m.group(1)) * 1_000);
		}
		if (nanos.isEmpty()) {
			System.out.println(what + ": no figures (run the server with LOGGING_LEVEL_DEV_RAMPART_WORK=DEBUG)");
		}
		else {
			Board.print(what, nanos.stream().mapToLong(Long::longValue).toArray());
		}
		return all.length;
	}

	/** "blocker blocks task" over HTTPS: the status. */
	private static int post(UUID task, UUID blocker, String token) throws Exception {
		var request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(Board.base + "/api/v1/tasks/" + task + "/dependencies"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"blockerId\":\"" + blocker + "\"}"))
			.build();
		return Board.http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static void add(PreparedStatement ps, UUID org, UUID blocker, UUID blocked, UUID user) throws Exception {
		ps.setObject(1, org);
		ps.setObject(2, blocker);
		ps.setObject(3, blocked);
		ps.setObject(4, user);
		ps.addBatch();
	}

	private static void time(PreparedStatement check, UUID org, int runs, String what)
			throws Exception {
		long[] nanos = new long[runs];
		for (int i = -20; i < runs; i++) {
			check.setObject(1, org);
			long started = System.nanoTime();
			try (ResultSet rs = check.executeQuery()) {
				rs.next();
			}
			if (i >= 0) {
				nanos[i] = System.nanoTime() - started;
			}
			if (!check.getConnection().getAutoCommit()) {
				check.getConnection().rollback();
			}
		}
		Board.print(what + ", as the application role", nanos);
	}

}
