import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Search across an organization (bench/search.sh): as its owner (who sees every task), times
 * searches of the seeded vocabulary: a title word, a prefix of three letters, a description
 * word, two words, a word with a project filter, a word that occurs nowhere.
 * Args: home baseUrl ownerToken org project runs.
 */
public class SearchBench {

	static final String[] TITLE = { "invoice", "login", "quarterly", "backup", "onboarding", "release", "access",
			"billing", "review", "migrate" };

	static final String[] PROSE = { "payment", "timeout", "database", "latency", "certificate", "currency",
			"calendar", "failover", "firewall", "deadlock", "forecast", "rollback", "postmortem", "escalation" };

	public static void main(String[] args) throws Exception {
		Board.connect(args[0], args[1]);
		String owner = args[2];
		String org = args[3];
		String project = args[4];
		int runs = Integer.parseInt(args[5]);
		Random random = new Random(7);
		String path = "/api/v1/orgs/" + org + "/search?limit=25&q=";
		for (int i = 0; i < 200; i++) { // warm-up
			Board.send("GET", path + TITLE[i % TITLE.length], owner, null);
		}
		time("a title word (10 % of tasks)", runs, () -> path + pick(TITLE, random), owner);
		time("a 3-letter prefix of a title word", runs, () -> path + pick(TITLE, random).substring(0, 3), owner);
		time("a description word (~18 % of tasks)", runs, () -> path + pick(PROSE, random), owner);
		time("two words: a title word and a description word", runs,
				() -> path + enc(pick(TITLE, random) + " " + pick(PROSE, random)), owner);
		time("a description word in one project", runs,
				() -> path + pick(PROSE, random) + "&projectId=" + project, owner);
		time("a word that occurs nowhere", runs, () -> path + "zeppelin", owner);
		String sample = Board.send("GET", path + "login", owner, null);
		System.out.println("a page holds " + Board.count(sample, "\"taskId\"") + " hits");
	}

	interface Query {

		String next() throws Exception;

	}

	static void time(String what, int runs, Query query, String token) throws Exception {
		long[] nanos = new long[runs];
		for (int i = 0; i < runs; i++) {
			String next = query.next();
			long start = System.nanoTime();
			Board.send("GET", next, token, null);
			nanos[i] = System.nanoTime() - start;
		}
		Board.print(what, nanos);
	}

	static String pick(String[] words, Random random) {
		return words[random.nextInt(words.length)];
	}

	static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
