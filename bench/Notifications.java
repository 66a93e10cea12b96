import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Notification fan-out (bench/notifications.sh): an owner, a project of MEMBERS contributors who all
 * watch one task; times a comment on that task (one notification per watcher, written in the
 * comment's own transaction after the access decision for every recipient) against a comment on
 * a task nobody else watches, then a watcher's notification list and unread count.
 * Args: home baseUrl members runs.
 */
public class Notifications {

	public static void main(String[] args) throws Exception {
		String home = args[0];
		Board.connect(home, args[1]);
		int members = Integer.parseInt(args[2]);
		int runs = Integer.parseInt(args[3]);
		String password = "plum-harbour-violet-7-rocket";
		String owner = user("owner", password);
		String org = Board.field(Board.send("POST", "/api/v1/orgs", owner, "{\"name\":\"Fan-out\"}"), "id");
		String project = Board.field(
				Board.send("POST", "/api/v1/orgs/" + org + "/projects", owner, "{\"name\":\"Many watchers\"}"), "id");
		String watched = Board.field(
				Board.send("POST", "/api/v1/projects/" + project + "/tasks", owner, "{\"title\":\"Watched by all\"}"), "id");
		String quiet = Board.field(
				Board.send("POST", "/api/v1/projects/" + project + "/tasks", owner, "{\"title\":\"Watched by one\"}"), "id");
		long setUp = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<String>> joined = new ArrayList<>();
		for (int i = 0; i < members; i++) {
			int n = i;
			joined.add(pool.submit(() -> {
				String email = "watcher-" + n + "-" + System.nanoTime() + "@example.test";
				String token = signUp(email, "Watcher " + n, password);
				Board.send("POST", "/api/v1/orgs/" + org + "/members", owner,
						"{\"email\":\"" + email + "\",\"role\":\"member\"}");
				Board.send("POST", "/api/v1/projects/" + project + "/members", owner,
						"{\"email\":\"" + email + "\",\"role\":\"contributor\"}");
				Board.send("PUT", "/api/v1/tasks/" + watched + "/watching", token, "{\"watching\":true}");
				return token;
			}));
		}
		List<String> tokens = new ArrayList<>();
		for (Future<String> f : joined) {
			tokens.add(f.get());
		}
		pool.shutdown();
		System.out.printf("%d members joined the project and watch the task (%.0f s)%n", members,
				(System.nanoTime() - setUp) / 1e9);
		for (int i = 0; i < 20; i++) { // warm up both paths
			comment(owner, quiet, i);
			comment(owner, watched, i);
		}
		long[] alone = new long[runs];
		long[] fanOut = new long[runs];
		for (int i = 0; i < runs; i++) {
			alone[i] = comment(owner, quiet, i);
			fanOut[i] = comment(owner, watched, i);
		}
		Board.print("comment on a task nobody else watches", alone);
		Board.print("comment on a task " + members + " people watch (" + members + " notifications)", fanOut);
		String watcher = tokens.get(0);
		long[] list = new long[runs];
		long[] unread = new long[runs];
		for (int i = 0; i < runs; i++) {
			long start = System.nanoTime();
			Board.send("GET", "/api/v1/notifications?limit=25", watcher, null);
			list[i] = System.nanoTime() - start;
			start = System.nanoTime();
			Board.send("GET", "/api/v1/notifications/unread-count", watcher, null);
			unread[i] = System.nanoTime() - start;
		}
		String count = Board.send("GET", "/api/v1/notifications/unread-count", watcher, null);
		Board.print("a watcher's first page of notifications (25 of " + count.replaceAll("\\D", "") + ")", list);
		Board.print("a watcher's unread count", unread);
	}

	static long comment(String token, String task, int i) throws Exception {
		long start = System.nanoTime();
		Board.send("POST", "/api/v1/tasks/" + task + "/comments", token, "{\"body\":\"Update " + i + "\"}");
		return System.nanoTime() - start;
	}

	static String user(String name, String password) throws Exception {
		return signUp(name + "-" + System.nanoTime() + "@example.test", name, password);
	}

	static String signUp(String email, String name, String password) throws Exception {
		Board.send("POST", "/api/v1/auth/signup", null,
				"{\"email\":\"" + email + "\",\"displayName\":\"" + name + "\",\"password\":\"" + password + "\"}");
		String login = Board.send("POST", "/api/v1/auth/login", null,
				"{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
		return Board.field(login, "token");
	}

}
