import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Row-level security overhead, measured in one run: the service's task-list queries run (a) as
 * the application role under row-level security, with the user's context set exactly as the
 * service sets it, and (b) as the owner role, which bypasses row-level security, with the same
 * SQL. Rounds alternate so both see the same machine state. Also prints the EXPLAIN ANALYZE plans
 * (in a warm session) for docs/performance.md.
 *
 * Usage: java -cp postgresql.jar bench/RlsOverhead.java RAMPART_HOME MEMBER_ID PROJECT_ID [THREADS] [SECONDS]
 */
public class RlsOverhead {

	static final String LIST = """
			select id, org_id, project_id, title, description, status, priority, assignee_id, due_date, created_by,
			       created_at, updated_by, updated_at, version, visibility
			  from rampart.tasks
			 where project_id = ? and org_id = ?
			   and (visibility = 'project' or created_by = ? or assignee_id = ?
			        or id in (select task_id from rampart.task_grants where user_id = ?
			                   and (expires_at is null or expires_at > current_timestamp)))
			 order by created_at desc, id desc
			 limit 26""";

	static final String ASSIGNED = """
			select id, org_id, project_id, title, description, status, priority, assignee_id, due_date, created_by,
			       created_at, updated_by, updated_at, version, visibility
			  from rampart.tasks
			 where assignee_id = ? and org_id in (select org_id from rampart.org_members where user_id = ?)
			 order by created_at desc, id desc
			 limit 26""";

	record Target(UUID user, UUID org, UUID project) {
	}

	public static void main(String[] args) throws Exception {
		Path home = Path.of(args[0]);
		String member = args[1];
		UUID project = UUID.fromString(args[2]);
		int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
		int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
		String port = Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(3).strip();
		String url = "jdbc:postgresql://127.0.0.1:" + port + "/rampart";
		String ownerPassword = Files.readString(home.resolve("secrets/postgres-owner")).strip();
		String appPassword = Files.readString(home.resolve("secrets/postgres-app")).strip();
		Target target;
		try (Connection owner = DriverManager.getConnection(url, "rampart_owner", ownerPassword);
				PreparedStatement ps = owner.prepareStatement(
						"select ?::uuid, p.org_id from rampart.projects p where p.id = ?")) {
			ps.setString(1, member);
			ps.setObject(2, project);
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				target = new Target(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), project);
			}
			try (var s = owner.createStatement(); ResultSet rs = s.executeQuery(
					"select (select count(*) from rampart.tasks), (select count(*) from rampart.tasks where visibility = 'restricted'), "
							+ "(select count(*) from rampart.task_grants)")) {
				rs.next();
				System.out.printf("data set: %,d tasks, %,d restricted, %,d grants%n", rs.getLong(1), rs.getLong(2), rs.getLong(3));
			}
		}
		for (String[] query : new String[][] { { "project task list (25 per page)", LIST }, { "tasks?assignee=me", ASSIGNED } }) {
			System.out.println();
			System.out.println("== " + query[0]);
			System.out.println("-- plan as the application role, row-level security on:");
			explain(url, "rampart_app", appPassword, target, query[1], true);
			System.out.println("-- plan as the owner role, row-level security bypassed:");
			explain(url, "rampart_owner", ownerPassword, target, query[1], false);
			double[] rls = new double[3];
			double[] bypass = new double[3];
			List<Long> rlsLatencies = new ArrayList<>();
			List<Long> bypassLatencies = new ArrayList<>();
			int rounds = 4;
			for (int round = 0; round < rounds; round++) {
				rls[0] += load(url, "rampart_app", appPassword, target, query[1], threads, seconds / rounds / 2.0, rlsLatencies);
				bypass[0] += load(url, "rampart_owner", ownerPassword, target, query[1], threads, seconds / rounds / 2.0,
						bypassLatencies);
			}
			double rlsQps = rls[0] / rounds;
			double bypassQps = bypass[0] / rounds;
			System.out.printf("RLS on     (rampart_app):   %8.0f queries/s   p50 %6.2f ms   p99 %6.2f ms%n", rlsQps,
					percentile(rlsLatencies, 50), percentile(rlsLatencies, 99));
			System.out.printf("RLS bypass (rampart_owner): %8.0f queries/s   p50 %6.2f ms   p99 %6.2f ms%n", bypassQps,
					percentile(bypassLatencies, 50), percentile(bypassLatencies, 99));
			System.out.printf("row-level security overhead: %.1f %% throughput%n", (bypassQps - rlsQps) / bypassQps * 100);
		}
	}

	static void explain(String url, String role, String password, Target t, String sql, boolean rls) throws SQLException {
		try (Connection c = DriverManager.getConnection(url, role, password)) {
			c.setAutoCommit(false);
			context(c, t);
			// A warm session, as a pooled connection is: functions compiled, plans cached.
			try (PreparedStatement warm = c.prepareStatement(sql)) {
				for (int i = 0; i < 10; i++) {
					bind(warm, t, sql);
					warm.executeQuery().close();
				}
			}
			try (PreparedStatement ps = c.prepareStatement("explain (analyze, buffers, costs off, summary off) " + sql)) {
				bind(ps, t, sql);
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						System.out.println("    " + rs.getString(1));
					}
				}
			}
			c.rollback();
		}
	}

	/** Queries per second over {@code seconds}, with each transaction shaped as the service shapes it. */
	static double load(String url, String role, String password, Target t, String sql, int threads, double seconds,
			List<Long> latencies) throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		long[] counts = new long[threads];
		List<List<Long>> perThread = new ArrayList<>();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			int n = i;
			List<Long> mine = new ArrayList<>();
			perThread.add(mine);
			Connection c = DriverManager.getConnection(url, role, password);
			c.setAutoCommit(false);
			PreparedStatement context = c.prepareStatement(
					"select set_config('rampart.user_id', ?, true), set_config('statement_timeout', '5000', true)");
			PreparedStatement query = c.prepareStatement(sql);
			Thread worker = new Thread(() -> {
				try (c; context; query) {
					while (!stop.get()) {
						long start = System.nanoTime();
						context.setString(1, t.user().toString());
						context.execute();
						bind(query, t, sql);
						try (ResultSet rs = query.executeQuery()) {
							while (rs.next()) {
								rs.getObject(1);
							}
						}
						c.commit();
						mine.add(System.nanoTime() - start);
						counts[n]++;
					}
				}
				catch (SQLException e) {
					throw new IllegalStateException(e);
				}
			});
			workers.add(worker);
		}
		long started = System.nanoTime();
		workers.forEach(Thread::start);
		Thread.sleep((long) (seconds * 1000));
		stop.set(true);
		for (Thread worker : workers) {
			worker.join();
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		perThread.forEach(latencies::addAll);
		return Arrays.stream(counts).sum() / elapsed;
	}

	static void context(Connection c, Target t) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("select set_config('rampart.user_id', ?, true)")) {
			ps.setString(1, t.user().toString());
			ps.execute();
		}
	}

	static void bind(PreparedStatement ps, Target t, String sql) throws SQLException {
		if (sql == LIST) {
			ps.setObject(1, t.project());
			ps.setObject(2, t.org());
			ps.setObject(3, t.user());
			ps.setObject(4, t.user());
			ps.setObject(5, t.user());
		}
		else {
			ps.setObject(1, t.user());
			ps.setObject(2, t.user());
		}
	}

	static double percentile(List<Long> nanos, int p) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p / 100.0))] / 1e6;
	}

}
