import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Board of a large project (bench/board.sh): the owner makes six labels and puts zero to
 * two on every task of the project; then, as the member, times the web application's board
 * query (one GraphQL request: the project's workflow and a page of 100 cards with status, priority, assignee, key and
 * labels) and a whole board (every page of the project, one request after the other).
 * Args: home baseUrl ownerToken memberToken org project runs.
 */
public class Board {

	static HttpClient http;

	static String base;

	static String home;

	public static void main(String[] args) throws Exception {
		String home = args[0];
		base = args[1];
		String owner = args[2];
		String member = args[3];
		String org = args[4];
		String project = args[5];
		int runs = Integer.parseInt(args[6]);
		connect(home, base);

		List<String> labels = new ArrayList<>();
		String[] colours = { "#d1242f", "#1f6feb", "#2f855a", "#b7791f", "#6b46c1", "#4a5568" };
		for (int i = 0; i < colours.length; i++) {
			String created = send("POST", "/api/v1/orgs/" + org + "/labels", owner,
					"{\"name\":\"Board label " + i + " " + System.nanoTime() + "\",\"colour\":\"" + colours[i] + "\"}");
			labels.add(field(created, "id"));
		}
		List<String> tasks = new ArrayList<>();
		String cursor = null;
		do {
			String page = send("GET", "/api/v1/projects/" + project + "/tasks?limit=100"
					+ (cursor == null ? "" : "&cursor=" + cursor), owner, null);
			Matcher ids = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\"").matcher(page);
			while (ids.find()) {
				tasks.add(ids.group(1));
			}
			cursor = page.contains("\"next\":\"") ? field(page, "next") : null;
		}
		while (cursor != null);
		Random random = new Random(42);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<String>> labelling = new ArrayList<>();
		int labelled = 0;
		for (String task : tasks) {
			int count = random.nextInt(3);
			if (count == 0) {
				continue;
			}
			labelled++;
			List<String> chosen = new ArrayList<>(labels);
			java.util.Collections.shuffle(chosen, random);
			String body = "{\"labelIds\":[\"" + String.join("\",\"", chosen.subList(0, count)) + "\"]}";
			labelling.add(pool.submit(() -> send("PATCH", "/api/v1/tasks/" + task, owner, body)));
		}
		for (Future<String> f : labelling) {
			f.get();
		}
		pool.shutdown();
		System.out.printf("project with %d tasks (as the owner sees it), %d labelled with 1 or 2 of 6 labels%n",
				tasks.size(), labelled);

		String boardQuery = "query($p: ID!, $after: String) { project(id: $p) { id name key "
				+ "workflow { statuses { key name colour category } transitions { from to } } "
				+ "tasks(first: 100, after: $after) { nodes { id key title status priority dueDate version "
				+ "assignee { id displayName } labels { id name colour } } pageInfo { hasNextPage endCursor } } } }";
		// Right after the start, the JIT has compiled little of the request path yet: the
		// first figures are a node that has just come up, the second a node that has
		// served a while (what users of a running service see).
		for (int i = 0; i < 30; i++) {
			board(member, boardQuery, project, null);
		}
		long[] cold = timeBoard(member, boardQuery, project, runs);
		int warmup = Integer.parseInt(System.getenv().getOrDefault("WARMUP", "3000"));
		for (int i = 0; i < warmup; i++) {
			board(member, boardQuery, project, null);
		}
		long[] warm = timeBoard(member, boardQuery, project, runs);
		int cards = 0;
		int pages = 0;
		long[] whole = new long[Math.max(runs / 10, 10)];
		for (int i = 0; i < whole.length; i++) {
			long started = System.nanoTime();
			String after = null;
			cards = 0;
			pages = 0;
			do {
				String answer = board(member, boardQuery, project, after);
				pages++;
				cards += count(answer, "\"status\":");
				after = answer.contains("\"hasNextPage\":true") ? field(answer, "endCursor") : null;
			}
			while (after != null);
			whole[i] = System.nanoTime() - started;
		}
		print("one board request (workflow, 100 cards), right after the start", cold);
		print("one board request (workflow, 100 cards), after " + warmup + " more requests", warm);
		print("the whole board: " + pages + " requests, " + cards + " cards the member sees", whole);
	}

	static long[] timeBoard(String member, String query, String project, int runs) throws Exception {
		long[] nanos = new long[runs];
		for (int i = 0; i < runs; i++) {
			long started = System.nanoTime();
			board(member, query, project, null);
			nanos[i] = System.nanoTime() - started;
		}
		return nanos;
	}

	/**
	 * One HTTP/1.1 client for the benchmarks that trusts the server's own certificate
	 * (bench/Templates.java uses it too).
	 */
	static void connect(String home, String baseUrl) throws Exception {
		base = baseUrl;
		Board.home = home;
		var certificate = CertificateFactory.getInstance("X.509")
			.generateCertificate(new FileInputStream(home + "/tls/certificate.pem"));
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("rampart", certificate);
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(null, factory.getTrustManagers(), null);
		http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
	}

	static String board(String token, String query, String project, String after) throws Exception {
		String variables = "{\"p\":\"" + project + "\"" + (after == null ? "" : ",\"after\":\"" + after + "\"") + "}";
		String answer = send("POST", "/graphql", token,
				"{\"query\":\"" + query.replace("\"", "\\\"") + "\",\"variables\":" + variables + "}");
		if (answer.contains("\"errors\"")) {
			throw new IllegalStateException(answer);
		}
		return answer;
	}

	static String send(String method, String path, String token, String body) throws Exception {
		var request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/json")
			.header("If-Match", "*");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		request.method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		if (!m.find()) {
			throw new IllegalStateException("no " + name + " in " + json);
		}
		return m.group(1);
	}

	static int count(String text, String needle) {
		int n = 0;
		for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
			n++;
		}
		return n;
	}

	static void print(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf("%-75s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d runs)%n", what,
				sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
				sorted[sorted.length - 1] / 1e6, sorted.length);
	}

}
