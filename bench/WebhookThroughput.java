import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Webhook delivery throughput (bench/webhooks.sh): a receiver on 127.0.0.5 that answers 204 and
 * checks every signature; HOOKS webhooks on one organization subscribed to task.created; 8 clients
 * create EVENTS tasks. Prints the rate tasks were made, the rate deliveries arrived, and each
 * delivery's delay from its task's creation (the body's timestamp) to its arrival.
 * Args: home baseUrl events hooks.
 */
public class WebhookThroughput {

	private static final Pattern TITLE = Pattern.compile("\"title\":\"(Event \\d+)\"");

	public static void main(String[] args) throws Exception {
		String home = args[0];
		Board.connect(home, args[1]);
		int events = Integer.parseInt(args[2]);
		int hooks = Integer.parseInt(args[3]);
		Map<String, Long> createdAt = new ConcurrentHashMap<>();
		List<Long> delays = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicInteger received = new AtomicInteger();
		AtomicInteger badSignatures = new AtomicInteger();
		AtomicLong lastArrival = new AtomicLong();
		Map<String, String> secrets = new ConcurrentHashMap<>();

		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = new FileInputStream(home + "/receiver.p12")) {
			store.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, "changeit".toCharArray());
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(keys.getKeyManagers(), null, null);
		HttpsServer receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.5"), 0), 200);
		receiver.setHttpsConfigurator(new HttpsConfigurator(tls));
		receiver.setExecutor(Executors.newFixedThreadPool(32));
		receiver.createContext("/", exchange -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			long now = System.nanoTime();
			String hook = exchange.getRequestURI().getPath().substring(1);
			if (!verifies(secrets.get(hook), exchange.getRequestHeaders().getFirst("webhook-id"),
					exchange.getRequestHeaders().getFirst("webhook-timestamp"), body,
					exchange.getRequestHeaders().getFirst("webhook-signature"))) {
				badSignatures.incrementAndGet();
			}
			Matcher task = TITLE.matcher(new String(body, StandardCharsets.UTF_8));
			if (task.find() && createdAt.containsKey(task.group(1))) {
				delays.add(now - createdAt.get(task.group(1)));
			}
			received.incrementAndGet();
			lastArrival.set(now);
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		String url = "https://127.0.0.5:" + receiver.getAddress().getPort() + "/";

		String owner = Notifications.user("owner", "plum-harbour-violet-7-rocket");
		String org = Board.field(Board.send("POST", "/api/v1/orgs", owner, "{\"name\":\"Hooked\"}"), "id");
		String project = Board.field(
				Board.send("POST", "/api/v1/orgs/" + org + "/projects", owner, "{\"name\":\"Busy\"}"), "id");
		for (int i = 0; i < hooks; i++) {
			String made = Board.send("POST", "/api/v1/orgs/" + org + "/webhooks", owner,
					"{\"url\":\"" + url + "hook" + i + "\",\"events\":[\"task.created\"]}");
			secrets.put("hook" + i, Board.field(made, "secret"));
		}
		ExecutorService clients = Executors.newFixedThreadPool(8);
		long started = System.nanoTime();
		List<Future<?>> work = new ArrayList<>();
		for (int i = 0; i < events; i++) {
			int n = i;
			work.add(clients.submit(() -> {
				createdAt.put("Event " + n, System.nanoTime());
				Board.send("POST", "/api/v1/projects/" + project + "/tasks", owner, "{\"title\":\"Event " + n + "\"}");
				return null;
			}));
		}
		for (Future<?> each : work) {
			each.get();
		}
		long created = System.nanoTime();
		clients.shutdown();
		int expected = events * hooks;
		long deadline = System.nanoTime() + 300_000_000_000L;
		while (received.get() < expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		receiver.stop(0);
		System.out.printf("%d tasks made by 8 clients in %.1f s: %.0f tasks/s%n", events, (created - started) / 1e9,
				events / ((created - started) / 1e9));
		System.out.printf("%d of %d deliveries received (%d webhooks) in %.1f s: %.0f deliveries/s; %d bad signatures%n",
				received.get(), expected, hooks, (lastArrival.get() - started) / 1e9,
				received.get() / ((lastArrival.get() - started) / 1e9), badSignatures.get());
		long[] nanos = delays.stream().mapToLong(Long::longValue).toArray();
		if (nanos.length > 0) {
			Board.print("from a task's creation to its delivery", nanos);
		}
		System.exit(received.get() == expected && badSignatures.get() == 0 ? 0 : 1);
	}

	private static boolean verifies(String secret, String id, String timestamp, byte[] body, String header)
			throws java.io.IOException {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)))
				.getBytes(StandardCharsets.US_ASCII);
			for (String signature : header.split(" ")) {
				if (MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII), expected)) {
					return true;
				}
			}
			return false;
		}
		catch (java.security.GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

}
