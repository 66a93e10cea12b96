import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * BI projection lag (bench/bi.sh). An owner with a second factor turns BI access on for an
 * organization with TASKS tasks and makes a BI user; 8 clients change the tasks' estimates at
 * RATE per second for SECONDS; a BI client polls the tasks view every 10 ms over TLS and notes,
 * for every change, when its value first shows. Args: home baseUrl biPort tasks rate seconds.
 */
public class BiLag {

	record Change(String task, int value, long acknowledged) {
	}

	public static void main(String[] args) throws Exception {
		Board.connect(args[0], args[1]);
		int biPort = Integer.parseInt(args[2]);
		int taskCount = Integer.parseInt(args[3]);
		int rate = Integer.parseInt(args[4]);
		int seconds = Integer.parseInt(args[5]);
		String password = "plum-harbour-violet-7-rocket";
		String email = "bi-owner-" + System.nanoTime() + "@example.test";
		Notifications.signUp(email, "BI owner", password);
		String owner = signInWithSecondFactor(email, password);
		String org = Board.field(Board.send("POST", "/api/v1/orgs", owner, "{\"name\":\"Measured\"}"), "id");
		String project = Board.field(
				Board.send("POST", "/api/v1/orgs/" + org + "/projects", owner, "{\"name\":\"Busy\"}"), "id");
		List<String> tasks = new ArrayList<>();
		for (int i = 0; i < taskCount; i++) {
			tasks.add(Board.field(Board.send("POST", "/api/v1/projects/" + project + "/tasks", owner,
					"{\"title\":\"Task " + i + "\"}"), "id"));
		}
		Board.send("PUT", "/api/v1/orgs/" + org + "/bi", owner, "{\"content\":false,\"restricted\":false}");
		String user = Board.send("POST", "/api/v1/orgs/" + org + "/bi/users", owner,
				"{\"label\":\"bench\",\"allowedNetworks\":[\"127.0.0.1/32\"]}");
		Properties p = new Properties();
		p.setProperty("user", Board.field(user, "login"));
		p.setProperty("password", Board.field(user, "password"));
		p.setProperty("sslmode", "require");
		Connection bi = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + biPort + "/rampart_bi", p);
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (count(bi) < taskCount && System.nanoTime() < until) {
			Thread.sleep(100);
		}
		System.out.printf("BI projection of %d tasks ready; %d changes/s for %d s%n", count(bi), rate, seconds);

		ConcurrentLinkedQueue<Change> waiting = new ConcurrentLinkedQueue<>();
		Map<String, Integer> seen = new ConcurrentHashMap<>();
		List<Long> lags = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicInteger sent = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		long start = System.nanoTime();
		long total = (long) rate * seconds;
		for (int c = 0; c < 8; c++) {
			int client = c;
			clients.submit(() -> {
				for (long n = client; n < total; n += 8) {
					long due = start + n * 1_000_000_000L / rate;
					long wait = due - System.nanoTime();
					if (wait > 0) {
						TimeUnit.NANOSECONDS.sleep(wait);
					}
					String task = tasks.get((int) (n % tasks.size()));
					int value = (int) n + 1;
					Board.send("PATCH", "/api/v1/tasks/" + task, owner, "{\"estimateMinutes\":" + value + "}");
					waiting.add(new Change(task, value, System.nanoTime()));
					sent.incrementAndGet();
				}
				return null;
			});
		}
		clients.shutdown();
		long deadline = start + TimeUnit.SECONDS.toNanos(seconds + 30L);
		try (Statement s = bi.createStatement()) {
			while ((!clients.isTerminated() || !waiting.isEmpty()) && System.nanoTime() < deadline) {
				try (ResultSet rs = s.executeQuery("select id, coalesce(estimate_minutes, 0) from tasks")) {
					long now = System.nanoTime();
					while (rs.next()) {
						seen.put(rs.getString(1), rs.getInt(2));
					}
					for (var it = waiting.iterator(); it.hasNext();) {
						Change change = it.next();
						if (seen.getOrDefault(change.task(), 0) >= change.value()) {
							lags.add(now - change.acknowledged());
							it.remove();
						}
					}
				}
				Thread.sleep(10);
			}
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		System.out.printf("%d changes acknowledged (%.1f/s); %d seen in the BI view, %d not within 30 s after the load%n",
				sent.get(), sent.get() / Math.min(elapsed, seconds + 0.0001), lags.size(), waiting.size());
		long[] nanos = lags.stream().mapToLong(Long::longValue).toArray();
		if (nanos.length > 0) {
			Board.print("lag from the API's answer to the BI view", nanos);
		}
	}

	private static int count(Connection bi) throws Exception {
		try (Statement s = bi.createStatement(); ResultSet rs = s.executeQuery("select count(*) from tasks")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	/** TOTP enrolled through the API; then a sign-in with a recovery code (a fresh second factor). */
	static String signInWithSecondFactor(String email, String password) throws Exception {
		String token = Board.field(Board.send("POST", "/api/v1/auth/login", null,
				"{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"), "token");
		String secret = Board.field(Board.send("POST", "/api/v1/me/mfa/totp", token, null), "secret");
		String confirmed = Board.send("POST", "/api/v1/me/mfa/totp/confirm", token,
				"{\"code\":\"" + totp(secret) + "\"}");
		Matcher codes = Pattern.compile("\"recoveryCodes\":\\[\"([^\"]+)\"").matcher(confirmed);
		if (!codes.find()) {
			throw new IllegalStateException("no recovery codes");
		}
		String challenge = Board.field(Board.send("POST", "/api/v1/auth/login", null,
				"{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"), "challenge");
		return Board.field(Board.send("POST", "/api/v1/auth/login/second-factor", null,
				"{\"challenge\":\"" + challenge + "\",\"code\":\"" + codes.group(1) + "\"}"), "token");
	}

	/** RFC 6238 with SHA-1, 6 digits, 30-second steps. */
	static String totp(String base32) throws Exception {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		java.io.ByteArrayOutputStream key = new java.io.ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : base32.replace("=", "").toUpperCase().toCharArray()) {
			buffer = (buffer << 5) | alphabet.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				key.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		long counter = System.currentTimeMillis() / 1000 / 30;
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec(key.toByteArray(), "HmacSHA1"));
		byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(counter).array());
		int offset = hash[hash.length - 1] & 0xf;
		int code = ((hash[offset] & 0x7f) << 24 | (hash[offset + 1] & 0xff) << 16 | (hash[offset + 2] & 0xff) << 8
				| (hash[offset + 3] & 0xff)) % 1_000_000;
		return String.format("%06d", code);
	}

}
