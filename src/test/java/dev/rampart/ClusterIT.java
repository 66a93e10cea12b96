package dev.rampart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Three Rampart nodes on one PostgreSQL behind nginx (Debian's package), which terminates
 * TLS and is the nodes' trusted proxy (C23, C22 with several nodes). 16 clients create
 * tasks through nginx, each request with an Idempotency-Key and retried with the same key
 * until it is answered; one node is killed with {@code kill -9} meanwhile. The other
 * nodes keep serving; every request a client finished is stored exactly once, and no task
 * is stored twice. Tokens, browser sessions with their CSRF tokens, the sign-in brake and
 * the key store are shared by all nodes. scripts/cluster/three-nodes.sh runs the same
 * set-up for a person.
 */
class ClusterIT {

	private static final Path NGINX = Path.of("/usr/sbin/nginx");

	private static final int CLIENTS = 16;

	@Test
	void threeNodesBehindNginxServeThroughTheLossOfOneWithoutDuplicatesOrLostWrites() throws Exception {
		requireNginx();
		ExternalPostgres.requireInstalled();
		Path shared = Files.createTempDirectory("rampart-cluster-");
		try (ExternalPostgres postgres = ExternalPostgres.start()) {
			Map<String, String> environment = new HashMap<>(postgres.rampartEnvironment());
			environment.put("RAMPART_WEB_TRUSTED_PROXIES", "127.0.0.1");
			Files.writeString(createdPrivate(shared.resolve("keys")).resolve("passphrase"),
					UUID.randomUUID() + "-" + UUID.randomUUID(), StandardCharsets.UTF_8);
			Map<String, String> settings = Map.of("rampart.keys.local.file",
					shared.resolve("keys/rampart.p12").toString(), "rampart.keys.local.passphrase-file",
					shared.resolve("keys/passphrase").toString(), "rampart.attachments.directory",
					createdPrivate(shared.resolve("attachments")).toString(), "rampart.bi.enabled", "false",
					"rampart.rate-limit.per-address", "100000000", "rampart.rate-limit.per-user", "100000000",
					"rampart.rate-limit.per-token", "100000000");
			List<RampartProcess> nodes = new ArrayList<>();
			try {
				Path firstHome = shared.resolve("node-1");
				nodes.add(RampartProcess.start(firstHome, environment, settings));
				nodes.get(0).awaitReady(Duration.ofMinutes(2));
				for (int i = 2; i <= 3; i++) {
					// The environment's secrets (password pepper, signing key) are the
					// same
					// on every node.
					Path home = shared.resolve("node-" + i);
					RampartProcess.copyTree(firstHome.resolve("secrets"), home.resolve("secrets"));
					nodes.add(RampartProcess.start(home, environment, settings));
				}
				for (RampartProcess node : nodes) {
					node.awaitReady(Duration.ofMinutes(2));
				}
				try (Nginx nginx = Nginx.start(shared.resolve("nginx"), firstHome.resolve("tls"),
						nodes.stream().map(RampartProcess::httpsPort).toList())) {
					Api api = new Api("https://localhost:" + nginx.port(), firstHome.resolve("tls/certificate.pem"));
					run(api, nodes);
				}
			}
			finally {
				for (RampartProcess node : nodes) {
					node.close();
				}
			}
		}
	}

	private static void run(Api api, List<RampartProcess> nodes) throws Exception {
		Api.TestUser user = api.newUser("cluster");
		String org = api.create("/api/v1/orgs", user.token(), Map.of("name", "Cluster org"));
		String project = api.create("/api/v1/orgs/" + org + "/projects", user.token(), Map.of("name", "Cluster"));
		// Every node reads what another wrote: a token made on one works on all (nginx
		// sends requests to each in turn).
		for (int i = 0; i < 6; i++) {
			assertThat(api.get("/api/v1/projects/" + project, user.token()).status()).isEqualTo(200);
		}

		Map<String, String> finished = new ConcurrentHashMap<>();
		Set<String> carriedOut = ConcurrentHashMap.newKeySet();
		Set<String> gaveUp = ConcurrentHashMap.newKeySet();
		ConcurrentLinkedQueue<Long> successes = new ConcurrentLinkedQueue<>();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicInteger retries = new AtomicInteger();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			int client = c;
			Thread thread = new Thread(() -> {
				for (int i = 0; running.get(); i++) {
					String title = "client " + client + " request " + i;
					Map<String, String> key = Map.of("Idempotency-Key", "\"" + UUID.randomUUID() + "\"");
					long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
					while (true) {
						int status;
						String body = "";
						try {
							Api.Response response = api.call("POST", "/api/v1/projects/" + project + "/tasks",
									user.token(), Map.of("title", title), key);
							status = response.status();
							body = response.body();
							if (status == 201) {
								finished.put(title, response.text("id"));
								successes.add(System.nanoTime());
							}
						}
						catch (RuntimeException noAnswer) {
							status = 0;
						}
						statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
						if (status == 201) {
							break;
						}
						if (status == 409 && body.contains("idempotent-request-carried-out")) {
							carriedOut.add(title);
							break;
						}
						if (System.nanoTime() > deadline) {
							gaveUp.add(title);
							break;
						}
						// No answer, 502 or 503 from the proxy, 409 while the first
						// attempt
						// runs: the same request again, with the same key.
						retries.incrementAndGet();
						pause(200);
					}
				}
			}, "cluster-client-" + client);
			thread.setDaemon(true);
			clients.add(thread);
		}
		long started = System.nanoTime();
		clients.forEach(Thread::start);
		Thread.sleep(8_000);
		long killedAt = System.nanoTime();
		nodes.get(1).kill();
		Thread.sleep(12_000);
		running.set(false);
		for (Thread client : clients) {
			client.join(90_000);
		}

		List<String> stored = titles(api, user, project);
		Map<String, Integer> counts = new HashMap<>();
		stored.forEach(title -> counts.merge(title, 1, Integer::sum));
		long longestGap = longestGapMillis(successes, killedAt);
		System.out.printf(
				"[cluster] %d requests finished (%d answered 201, %d carried out with the answer lost), %d given up,"
						+ " %d retries, answers by status %s; stored %d tasks; longest time without a 201 after the"
						+ " kill %d ms; %d s of load%n",
				finished.size() + carriedOut.size(), finished.size(), carriedOut.size(), gaveUp.size(), retries.get(),
				statuses, stored.size(), longestGap, (System.nanoTime() - started) / 1_000_000_000L);
		assertThat(finished).isNotEmpty();
		assertThat(counts.values()).as("no task stored twice").allMatch(n -> n == 1);
		assertThat(counts.keySet()).as("every finished request stored")
			.containsAll(finished.keySet())
			.containsAll(carriedOut);
		assertThat(gaveUp).as("requests never answered in 60 s").isEmpty();
		assertThat(statuses.keySet()).as("no 500 from any node").doesNotContain(500);
		assertThat(successes.stream().filter(t -> t > killedAt + TimeUnit.SECONDS.toNanos(5)).count())
			.as("the two other nodes kept serving")
			.isPositive();

		// A browser session and its one-time CSRF tokens, issued by one node, work on
		// another
		// once.
		RampartProcess first = nodes.get(0);
		RampartProcess third = nodes.get(2);
		String cookie = first.api().cookieSession(user.email(), Api.STRONG_PASSWORD);
		Api.Response issued = first.api()
			.call("GET", "/api/v1/auth/csrf-tokens?count=1", null, null, Map.of("Cookie", cookie));
		assertThat(issued.status()).as(issued.body()).isEqualTo(200);
		String token = issued.json().path("tokens").get(0).asString();
		Map<String, String> onThird = Map.of("Cookie", cookie, "Origin", "https://localhost:" + third.httpsPort(),
				"X-CSRF-Token", token);
		assertThat(third.api().call("POST", "/api/v1/orgs", null, Map.of("name", "Across nodes"), onThird).status())
			.as("a session and CSRF token from node 1, used on node 3")
			.isEqualTo(201);
		Map<String, String> againOnFirst = Map.of("Cookie", cookie, "Origin", "https://localhost:" + first.httpsPort(),
				"X-CSRF-Token", token);
		assertThat(first.api().call("POST", "/api/v1/orgs", null, Map.of("name", "Twice"), againOnFirst).status())
			.as("the token was used up on node 3")
			.isEqualTo(403);

		// The sign-in brake counts failures on every node alike (nginx spreads them).
		Map<Integer, Integer> signIns = new HashMap<>();
		for (int i = 0; i < 7; i++) {
			signIns
				.merge(api
					.call("POST", "/api/v1/auth/login", null,
							Map.of("email", user.email(), "password", "not the password " + i))
					.status(), 1, Integer::sum);
		}
		System.out.printf("[cluster] 7 wrong passwords across the nodes: %s%n", signIns);
		assertThat(signIns).containsKey(429);
		for (RampartProcess node : List.of(nodes.get(0), nodes.get(2))) {
			assertThat(node.output())
				.noneMatch(line -> line.contains("\"log.level\":\"ERROR\"") && line.contains("dev.rampart.errors"));
		}
	}

	private static long longestGapMillis(ConcurrentLinkedQueue<Long> successes, long from) {
		List<Long> times = successes.stream().filter(t -> t >= from).sorted().toList();
		long previous = from;
		long longest = 0;
		for (long t : times) {
			longest = Math.max(longest, t - previous);
			previous = t;
		}
		return longest / 1_000_000;
	}

	private static List<String> titles(Api api, Api.TestUser user, String project) {
		List<String> titles = new ArrayList<>();
		String cursor = null;
		do {
			Api.Response page = api.get(
					"/api/v1/projects/" + project + "/tasks?limit=100" + (cursor == null ? "" : "&cursor=" + cursor),
					user.token());
			assertThat(page.status()).isEqualTo(200);
			page.json().get("items").forEach(item -> titles.add(item.get("title").asString()));
			cursor = page.json().get("next").isNull() ? null : page.text("next");
		}
		while (cursor != null);
		return titles;
	}

	private static void requireNginx() {
		if (!Files.isExecutable(NGINX)) {
			String reason = "nginx is not installed (apt-get install nginx): the three-node test is skipped";
			if (System.getenv("RAMPART_TEST_REQUIRE_NGINX") != null) {
				Assertions.fail(reason + ", but RAMPART_TEST_REQUIRE_NGINX is set");
			}
			Assumptions.abort(reason);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Path createdPrivate(Path directory) throws IOException {
		Files.createDirectories(directory);
		return directory;
	}

	/**
	 * nginx in the foreground with a configuration of its own: TLS with the first node's
	 * certificate, the nodes as one upstream, the client's address and scheme forwarded.
	 */
	static final class Nginx implements AutoCloseable {

		private final Process process;

		private final int port;

		private Nginx(Process process, int port) {
			this.process = process;
			this.port = port;
		}

		static Nginx start(Path directory, Path tls, List<Integer> nodePorts) throws IOException, InterruptedException {
			Files.createDirectories(directory.resolve("temp"));
			int port = RampartProcess.freePort();
			StringBuilder upstream = new StringBuilder();
			for (int nodePort : nodePorts) {
				upstream.append("    server 127.0.0.1:").append(nodePort).append(" max_fails=1 fail_timeout=10s;\n");
			}
			String config = """
					worker_processes 1;
					pid %1$s/nginx.pid;
					error_log %1$s/error.log warn;
					events { worker_connections 1024; }
					http {
					  access_log off;
					  client_body_temp_path %1$s/temp/body;
					  proxy_temp_path %1$s/temp/proxy;
					  fastcgi_temp_path %1$s/temp/fastcgi;
					  uwsgi_temp_path %1$s/temp/uwsgi;
					  scgi_temp_path %1$s/temp/scgi;
					  upstream rampart {
					%2$s    keepalive 32;
					  }
					  server {
					    listen 127.0.0.1:%3$d ssl;
					    ssl_certificate %4$s/certificate.pem;
					    ssl_certificate_key %4$s/private-key.pem;
					    ssl_protocols TLSv1.2 TLSv1.3;
					    client_max_body_size 30m;
					    location / {
					      proxy_pass https://rampart;
					      proxy_http_version 1.1;
					      proxy_set_header Connection "";
					      proxy_ssl_server_name on;
					      proxy_ssl_name localhost;
					      proxy_ssl_verify off;
					      proxy_set_header Host $host:$server_port;
					      proxy_set_header X-Forwarded-For $remote_addr;
					      proxy_set_header X-Forwarded-Proto https;
					      proxy_connect_timeout 2s;
					      proxy_read_timeout 60s;
					      proxy_next_upstream error timeout http_502 http_503;
					    }
					  }
					}
					""".formatted(directory, upstream, port, tls);
			Path file = directory.resolve("nginx.conf");
			Files.writeString(file, config, StandardCharsets.UTF_8);
			Process process = new ProcessBuilder(NGINX.toString(), "-p", directory.toString(), "-c", file.toString(),
					"-g", "daemon off;")
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("stdout.log").toFile())
				.start();
			for (int i = 0; i < 100; i++) {
				try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
					return new Nginx(process, port);
				}
				catch (IOException notYet) {
					if (!process.isAlive()) {
						throw new IllegalStateException(
								"nginx did not start: " + Files.readString(directory.resolve("stdout.log")));
					}
					Thread.sleep(100);
				}
			}
			process.destroyForcibly();
			throw new IllegalStateException("nginx did not listen on " + port);
		}

		int port() {
			return port;
		}

		@Override
		public void close() throws InterruptedException {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}

	}

}
