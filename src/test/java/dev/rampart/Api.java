package dev.rampart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTPS client for the REST API that trusts exactly Rampart's generated
 * certificate (no "trust all" shortcut), sends JSON and reads JSON.
 */
public final class Api {

	public static final String STRONG_PASSWORD = "plum-harbour-violet-7-rocket";

	private static final AtomicInteger USERS = new AtomicInteger();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	private final HttpClient client;

	private final SSLContext sslContext;

	public Api(String base, Path certificate) {
		this.base = base;
		this.sslContext = trusting(certificate);
		this.client = HttpClient.newBuilder()
			.sslContext(sslContext)
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	public record Response(int status, java.net.http.HttpHeaders headers, String body) {

		public JsonNode json() {
			return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
		}

		public String text(String field) {
			return json().get(field).asString();
		}

	}

	public Response call(String method, String path, String token, Object body) {
		return call(method, path, token, body, Map.of());
	}

	public Response call(String method, String path, String token, Object body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		if (body != null) {
			request.header("Content-Type", "application/json");
			String json = body instanceof String s ? s : JSON.writeValueAsString(body);
			request.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return send(request.build());
	}

	public Response get(String path, String token) {
		return call("GET", path, token, null);
	}

	public Response post(String path, String token, Object body) {
		return call("POST", path, token, body);
	}

	/** A GraphQL operation over HTTP, with optional variables. */
	public Response graphql(String token, String query, Map<String, ?> variables) {
		return post("/graphql", token, Map.of("query", query, "variables", variables));
	}

	/** The TLS context that trusts exactly Rampart's certificate, for raw handshakes. */
	public SSLContext sslContext() {
		return sslContext;
	}

	/**
	 * Uploads one file as the multipart part {@code file}, declaring the given content
	 * type.
	 */
	public Response upload(String path, String token, String fileName, String declaredType, byte[] content) {
		return upload(path, token, fileName, declaredType, content, Map.of());
	}

	/** {@link #upload} with more headers. */
	public Response upload(String path, String token, String fileName, String declaredType, byte[] content,
			Map<String, String> headers) {
		String boundary = "rampart-test-" + System.nanoTime();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: " + declaredType + "\r\n\r\n")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		body.writeBytes(head);
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
		headers.forEach(request::header);
		return send(request.build());
	}

	/** A GET whose body is returned as bytes (downloads). */
	public HttpResponse<byte[]> download(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(60))
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return exchange(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private Response send(HttpRequest request) {
		HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.headers(), response.body());
	}

	private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
		try {
			return client.send(request, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends one raw HTTP/1.1 request over TLS from the given local address (any 127.x.y.z
	 * works on loopback) and returns the status line and headers and body as text.
	 */
	public String rawFrom(String localAddress, String request) {
		URI uri = URI.create(base);
		try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) sslContext.getSocketFactory()
			.createSocket(java.net.InetAddress.getByName("127.0.0.1"), uri.getPort(),
					java.net.InetAddress.getByName(localAddress), 0)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A new unique email address. */
	public static String newEmail(String hint) {
		return hint + "-" + USERS.incrementAndGet() + "-" + System.nanoTime() + "@example.test";
	}

	public Response signUp(String email, String name, String password) {
		return post("/api/v1/auth/signup", null, Map.of("email", email, "displayName", name, "password", password));
	}

	public String login(String email, String password) {
		Response response = post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
		if (response.status() != 200) {
			throw new IllegalStateException("login failed: " + response.status() + " " + response.body());
		}
		return response.text("token");
	}

	/**
	 * Signs in as a browser does: the answer sets the session cookie; returns
	 * "name=value" for a Cookie header.
	 */
	public String cookieSession(String email, String password) {
		Response login = post("/api/v1/auth/login", null,
				Map.of("email", email, "password", password, "session", "cookie"));
		String setCookie = login.headers()
			.firstValue("Set-Cookie")
			.orElseThrow(() -> new IllegalStateException("no session cookie: " + login.status() + " " + login.body()));
		return setCookie.substring(0, setCookie.indexOf(';'));
	}

	/** Signs a new user up and in; returns the user. */
	public TestUser newUser(String hint) {
		String email = newEmail(hint);
		Response created = signUp(email, hint, STRONG_PASSWORD);
		if (created.status() != 202) {
			throw new IllegalStateException("sign-up failed: " + created.status() + " " + created.body());
		}
		String token = login(email, STRONG_PASSWORD);
		return new TestUser(get("/api/v1/me", token).text("id"), email, token);
	}

	public record TestUser(String id, String email, String token) {
	}

	/**
	 * Creates a resource and returns its id, failing loudly if the call did not succeed.
	 */
	public String create(String path, String token, Object body) {
		Response response = post(path, token, body);
		if (response.status() != 201) {
			throw new IllegalStateException("POST " + path + " gave " + response.status() + " " + response.body());
		}
		String id = response.json().has("id") ? response.text("id") : response.text("userId");
		// Every 201 names the new resource (issue: Location on every 201).
		String location = response.headers().firstValue("Location").orElse("");
		if (!location.startsWith("/api/v1/") || !location.endsWith("/" + id)) {
			throw new IllegalStateException(
					"POST " + path + " gave 201 without a Location naming " + id + ": " + location);
		}
		return id;
	}

	private static SSLContext trusting(Path certificate) {
		try (InputStream in = Files.newInputStream(certificate)) {
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry("rampart", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot trust " + certificate, ex);
		}
	}

}
