package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.IntegrationTest;
import dev.rampart.db.ExtraNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Slow and greedy clients cannot take the server from everyone else: an address holds at
 * most its share of connections, and a connection must deliver its TLS handshake and
 * headers, then its body, within a total time however steadily it trickles bytes. On a
 * node of its own with tight limits (32 connections per address, 3 s for the head, 3 s
 * for the body).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientsIntegrationTests extends IntegrationTest {

	private static final int SHARE = 32;

	@Autowired
	ApplicationContext running;

	private ConfigurableApplicationContext node;

	private int httpsPort;

	private int httpPort;

	private final List<Socket> opened = new ArrayList<>();

	@BeforeAll
	void startGuardedNode() throws IOException {
		httpsPort = freePort();
		httpPort = freePort();
		node = ExtraNode.start(running, HOME, httpsPort,
				Map.of("rampart.web.http-port", httpPort, "rampart.web.max-connections-per-address", SHARE,
						"rampart.web.request-header-timeout", "3s", "rampart.web.request-body-timeout", "3s",
						"rampart.rate-limit.per-address", 100_000_000));
	}

	@AfterAll
	void stop() {
		opened.forEach(SlowClientsIntegrationTests::closeQuietly);
		node.close();
	}

	@Test
	void anAddressHoldsNoMoreThanItsShareOfConnectionsAcrossBothPorts() throws Exception {
		List<Socket> held = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			held.add(connect("127.0.0.2", i % 2 == 0 ? httpPort : httpsPort));
		}
		// Counted within the 3 s a silent TLS connection may last: both ports share the
		// one budget.
		// A refused connection counts until the server has closed it (asynchronously):
		// look
		// again for up to 2 s, well inside those 3 s.
		ConnectionGuard guard = node.getBean(ConnectionGuard.class);
		InetAddress client = InetAddress.getByName("127.0.0.2");
		for (int i = 0; i < 40 && guard.openFrom(client) != SHARE; i++) {
			Thread.sleep(50);
		}
		assertThat(guard.openFrom(client)).isEqualTo(SHARE);
		// The refused connections are closed by the server asynchronously: look again
		// until they are, well within the 3 s after which the kept ones would be cut off
		// too.
		List<Socket> open = new ArrayList<>(held);
		long deadline = System.nanoTime() + 2_000_000_000L;
		do {
			open.removeIf(socket -> !stillOpen(socket, 10));
		}
		while (open.size() > SHARE && System.nanoTime() < deadline);
		assertThat(open).hasSize(SHARE);
		// Another address is served meanwhile.
		assertThat(requestFrom("127.0.0.4")).startsWith("HTTP/1.1 200");
		held.forEach(SlowClientsIntegrationTests::closeQuietly);
		awaitNoConnectionsFrom("127.0.0.2");
		assertThat(requestFrom("127.0.0.2")).startsWith("HTTP/1.1 200");
	}

	@Test
	void behindATrustedProxyEachForwardedAddressHoldsItsShareOfRequests() throws Exception {
		// The test client on 127.0.0.1 is the trusted proxy: its connections are not
		// capped, but the requests it forwards for one client are.
		List<SSLSocket> slow = new ArrayList<>();
		for (int i = 0; i < SHARE; i++) {
			SSLSocket socket = tls("127.0.0.1");
			socket.getOutputStream().write(slowLogin("198.51.100.7").getBytes(StandardCharsets.US_ASCII));
			slow.add(socket);
		}
		Thread.sleep(500);
		String refused = forwardedRequest("198.51.100.7");
		assertThat(refused).startsWith("HTTP/1.1 429").contains("Retry-After: 1", "too-many-connections");
		assertThat(forwardedRequest("198.51.100.8")).startsWith("HTTP/1.1 200");
		slow.forEach(SlowClientsIntegrationTests::closeQuietly);
	}

	private static String slowLogin(String client) {
		return "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + client
				+ "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
	}

	private String forwardedRequest(String client) {
		return new dev.rampart.Api("https://localhost:" + httpsPort, HOME.resolve("tls/certificate.pem"))
			.rawFrom("127.0.0.1", "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + client
					+ "\r\nConnection: close\r\n\r\n");
	}

	@Test
	void headersTrickledInSlowerThanTheDeadlineAreCutOff() throws Exception {
		try (SSLSocket socket = tls("127.0.0.3")) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
			long started = System.nanoTime();
			// One header line a second: each read is quick (Tomcat's idle time-out never
			// fires), the whole is not.
			int sent = trickle(socket, "X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII), 20);
			long seconds = (System.nanoTime() - started) / 1_000_000_000;
			assertThat(sent).as("header lines accepted before the cut").isBetween(2, 8);
			assertThat(seconds).isLessThan(10);
		}
	}

	@Test
	void aTlsHandshakeTrickledInIsCutOff() throws Exception {
		try (Socket socket = connect("127.0.0.3", httpsPort)) {
			// The start of a ClientHello, a byte a second.
			int sent = trickle(socket, new byte[] { 0x16 }, 20);
			assertThat(sent).isBetween(2, 8);
		}
	}

	@Test
	void aBodyTrickledInIsCutOff() throws Exception {
		try (SSLSocket socket = tls("127.0.0.3")) {
			socket.getOutputStream()
				.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
						+ "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
					.getBytes(StandardCharsets.US_ASCII));
			int sent = trickle(socket, new byte[] { ' ' }, 20);
			assertThat(sent).isBetween(2, 8);
		}
	}

	@Test
	void thousandsOfSlowConnectionsFromOneAddressDoNotStopAnother() throws Exception {
		long[] before = readLatencies(null);
		List<Socket> attack = new ArrayList<>();
		int refusedOnConnect = 0;
		for (int i = 0; i < 2_000; i++) {
			try {
				Socket socket = connect("127.0.0.5", httpsPort);
				socket.getOutputStream().write(0x16);
				attack.add(socket);
			}
			catch (IOException refused) {
				refusedOnConnect++;
			}
		}
		long[] during = readLatencies(attack);
		long open = attack.stream().filter(SlowClientsIntegrationTests::stillOpen).count();
		System.out.printf(
				"[slow clients] 2000 connections from one address: %d refused on connect, %d open at the end;"
						+ " another address's reads (new TLS connection each), p50 / p99 / max: before %d / %d / %d ms,"
						+ " during %d / %d / %d ms%n",
				refusedOnConnect, open, before[50] / 1000, before[98] / 1000, before[99] / 1000, during[50] / 1000,
				during[98] / 1000, during[99] / 1000);
		assertThat(open).isLessThanOrEqualTo(SHARE);
		attack.forEach(SlowClientsIntegrationTests::closeQuietly);
	}

	/**
	 * 100 reads from another address (sorted, microseconds), poking the attack's
	 * connections in between.
	 */
	private long[] readLatencies(List<Socket> attack) {
		long[] latencies = new long[100];
		for (int i = 0; i < latencies.length; i++) {
			long started = System.nanoTime();
			assertThat(requestFrom("127.0.0.6")).startsWith("HTTP/1.1 200");
			latencies[i] = (System.nanoTime() - started) / 1_000;
			for (int j = i; attack != null && j < attack.size(); j += latencies.length) {
				poke(attack.get(j));
			}
		}
		Arrays.sort(latencies);
		return latencies;
	}

	/**
	 * Sends {@code chunk} once a second until the server closes; returns how many were
	 * sent.
	 */
	private static int trickle(Socket socket, byte[] chunk, int most) throws InterruptedException {
		for (int sent = 0; sent < most; sent++) {
			Thread.sleep(1_000);
			try {
				socket.getOutputStream().write(chunk);
				socket.getOutputStream().flush();
				socket.setSoTimeout(50);
				// End of stream, or an answer (a 408): either way the server ended the
				// exchange.
				socket.getInputStream().read();
				return sent + 1;
			}
			catch (SocketTimeoutException stillOpen) {
				// not closed yet
			}
			catch (IOException closed) {
				return sent;
			}
		}
		return most;
	}

	private static void poke(Socket socket) {
		try {
			socket.getOutputStream().write(0x03);
		}
		catch (IOException closed) {
			// the server cut it: that is the point
		}
	}

	private String requestFrom(String address) {
		return new dev.rampart.Api("https://localhost:" + httpsPort, HOME.resolve("tls/certificate.pem"))
			.rawFrom(address, "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	}

	private Socket connect(String from, int port) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(from, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		opened.add(socket);
		return socket;
	}

	private SSLSocket tls(String from) throws IOException {
		Socket plain = connect(from, httpsPort);
		SSLSocket socket = (SSLSocket) api().sslContext()
			.getSocketFactory()
			.createSocket(plain, "localhost", httpsPort, true);
		socket.startHandshake();
		return socket;
	}

	private static boolean stillOpen(Socket socket) {
		return stillOpen(socket, 100);
	}

	private static boolean stillOpen(Socket socket, int waitMillis) {
		try {
			socket.setSoTimeout(waitMillis);
			InputStream in = socket.getInputStream();
			return in.read() >= 0;
		}
		catch (SocketTimeoutException open) {
			return true;
		}
		catch (IOException closed) {
			return false;
		}
	}

	private void awaitNoConnectionsFrom(String address) throws Exception {
		ConnectionGuard guard = node.getBean(ConnectionGuard.class);
		for (int i = 0; i < 100 && guard.openFrom(InetAddress.getByName(address)) > 0; i++) {
			Thread.sleep(100);
		}
		assertThat(guard.openFrom(InetAddress.getByName(address))).isZero();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// closed already
		}
	}

}
