package dev.rampart;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real HTTPS webhook receiver for the tests, on a loopback address of its own
 * ({@code 127.0.0.5}, the only one the tests allow-list), with a certificate for that
 * address that Rampart trusts through {@code rampart.webhooks.trust-store}. It records
 * every request, answers with the status a test sets, can redirect, and can be stopped
 * and started again on the same port (an outage). {@link #verify} checks a signature from
 * the Standard Webhooks specification's text, independently of Rampart's code.
 */
public final class WebhookReceiver {

	public static final String ADDRESS = "127.0.0.5";

	/** One request as it arrived. */
	public record Request(String path, Map<String, List<String>> headers, byte[] body, Instant at) {

		public String header(String name) {
			List<String> values = headers.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.findFirst()
				.map(Map.Entry::getValue)
				.orElse(List.of());
			return values.isEmpty() ? "" : values.get(0);
		}

		public String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

	}

	private final int port;

	private final SelfSigned certificate;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger status = new AtomicInteger(200);

	private final AtomicReference<String> redirectTo = new AtomicReference<>("");

	private volatile HttpsServer server;

	private WebhookReceiver(int port, Path directory) {
		this.port = port;
		this.certificate = SelfSigned.create(directory.resolve("webhook-receiver.pem"), "receiver", List.of(),
				List.of(ADDRESS));
		start();
	}

	public static WebhookReceiver create(int port, Path directory) {
		return new WebhookReceiver(port, directory);
	}

	public Path trustStore() {
		return certificate.pem();
	}

	/** https://127.0.0.5:port + path */
	public String url(String path) {
		return "https://" + ADDRESS + ":" + port + path;
	}

	/** Answers every request with this status from now on. */
	public void answer(int code) {
		status.set(code);
	}

	/** Requests to {@code /redirect} are answered 307 to this location. */
	public void redirectTo(String location) {
		redirectTo.set(location);
	}

	public synchronized void start() {
		try {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(certificate.keyStore(), SelfSigned.PASSWORD);
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(keys.getKeyManagers(), null, null);
			HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(ADDRESS), port), 50);
			https.setHttpsConfigurator(new HttpsConfigurator(tls));
			https.createContext("/", exchange -> {
				byte[] body;
				try (InputStream in = exchange.getRequestBody()) {
					body = in.readAllBytes();
				}
				String path = exchange.getRequestURI().getPath();
				requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body, Instant.now()));
				if (path.startsWith("/redirect")) {
					exchange.getResponseHeaders().set("Location", redirectTo.get());
					exchange.sendResponseHeaders(307, -1);
				}
				else {
					exchange.sendResponseHeaders(status.get(), -1);
				}
				exchange.close();
			});
			https.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
			https.start();
			server = https;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Stops listening (connections are refused) until {@link #start}. */
	public synchronized void stop() {
		server.stop(0);
	}

	public List<Request> requests() {
		return List.copyOf(requests);
	}

	/** The requests matching, waiting up to 20 s for at least {@code count}. */
	public List<Request> await(Predicate<Request> matching, int count) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (true) {
			List<Request> found = requests.stream().filter(matching).toList();
			if (found.size() >= count || Instant.now().isAfter(deadline)) {
				if (found.size() < count) {
					throw new AssertionError(
							"expected " + count + " webhook requests, got " + found.size() + " of " + requests.size());
				}
				return found;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted");
			}
		}
	}

	/**
	 * The signatures of {@code request} that {@code secret} verifies, by the
	 * specification: the secret's bytes are the base64 after {@code whsec_}; the signed
	 * content is {@code webhook-id.webhook-timestamp.body}; the header holds
	 * space-separated {@code v1,<base64 HMAC-SHA256>}; the timestamp must be within five
	 * minutes. Compared in constant time.
	 */
	public static List<String> verify(Request request, String secret) {
		try {
			String id = request.header("webhook-id");
			String timestamp = request.header("webhook-timestamp");
			long sent = Long.parseLong(timestamp);
			if (Math.abs(Instant.now().getEpochSecond() - sent) > 300) {
				return List.of();
			}
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
			byte[] signedContent = (id + "." + timestamp + "." + request.text()).getBytes(StandardCharsets.UTF_8);
			byte[] expected = Base64.getEncoder().encode(mac.doFinal(signedContent));
			List<String> matching = new ArrayList<>();
			for (String signature : request.header("webhook-signature").split(" ")) {
				String[] parts = signature.split(",", 2);
				if (parts.length == 2 && parts[0].equals("v1")
						&& MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.US_ASCII), expected)) {
					matching.add(signature);
				}
			}
			return matching;
		}
		catch (java.security.GeneralSecurityException | NumberFormatException ex) {
			return List.of();
		}
	}

}
