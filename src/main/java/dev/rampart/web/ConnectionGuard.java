package dev.rampart.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.coyote.AbstractProcessor;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps slow or greedy clients from holding the server's connections (slowloris):
 * <ul>
 * <li>an address may hold {@code rampart.web.max-connections-per-address} connections;
 * more are closed as they are accepted (trusted proxies are exempt: behind them the
 * forwarded address is limited per request, see {@link ConnectionLimitFilter});</li>
 * <li>the TLS handshake and the request's headers must arrive within
 * {@code rampart.web.request-header-timeout} in total, the body within
 * {@code request-body-timeout} (uploads {@code upload-body-timeout}), however steadily
 * the bytes trickle in.</li>
 * </ul>
 * Tomcat itself only knows a time limit between two reads. Once a second this guard
 * shrinks each connection's read time-out to what is left of its deadline, so Tomcat's
 * own poller closes it when the deadline passes, the same way it closes an idle one.
 */
@ConditionalOnWebApplication
@Component
class ConnectionGuard implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

	private static final long SWEEP_MILLIS = 1_000;

	private final int maxPerAddress;

	private final long headerTimeoutMillis;

	private final long bodyTimeoutMillis;

	private final long uploadTimeoutMillis;

	private final Set<String> trustedProxies;

	private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

	/** Deadlines of the requests being read, by Tomcat's connection id. */
	private final ConcurrentHashMap<String, Long> bodyDeadlines = new ConcurrentHashMap<>();

	/**
	 * When (nanoTime) each open connection's last request ended: a parked processor older
	 * than that is idle, not slow.
	 */
	private final ConcurrentHashMap<String, Long> lastEnded = new ConcurrentHashMap<>();

	private final List<Collection<GuardedNioProtocol.Tracked>> connectors = new CopyOnWriteArrayList<>();

	private final Counter refused;

	private final Counter deadlinesSet;

	private final AtomicLong lastRefusalLog = new AtomicLong();

	private volatile @Nullable Thread sweeper;

	ConnectionGuard(WebSettings settings, MeterRegistry meters) {
		this.maxPerAddress = settings.maxConnectionsPerAddress();
		this.headerTimeoutMillis = settings.requestHeaderTimeout().toMillis();
		this.bodyTimeoutMillis = settings.requestBodyTimeout().toMillis();
		this.uploadTimeoutMillis = settings.uploadBodyTimeout().toMillis();
		this.trustedProxies = settings.trustedProxyAddresses();
		this.refused = Counter.builder("rampart.web.connections.refused")
			.description("Connections closed on accept: their address already held its share")
			.register(meters);
		this.deadlinesSet = Counter.builder("rampart.web.connections.deadlines")
			.description("Times a slow connection's read time-out was shortened to its deadline")
			.register(meters);
	}

	void watch(Collection<GuardedNioProtocol.Tracked> connections) {
		connectors.add(connections);
	}

	boolean isTrustedProxy(@Nullable String address) {
		return address != null && trustedProxies.contains(address);
	}

	int maxPerAddress() {
		return maxPerAddress;
	}

	/**
	 * Whether a new connection from {@code peer} may stay open; if so it is counted at
	 * once, so two ports accepting at the same moment cannot both take the last slot.
	 * Every admitted connection is later given back with {@link #closed}.
	 */
	boolean admit(@Nullable InetAddress peer) {
		if (peer == null) {
			return true;
		}
		boolean exempt = isTrustedProxy(peer.getHostAddress());
		boolean[] admitted = { false };
		open.compute(peer, (p, count) -> {
			AtomicInteger held = count == null ? new AtomicInteger() : count;
			if (exempt || held.get() < maxPerAddress) {
				held.incrementAndGet();
				admitted[0] = true;
			}
			return held.get() == 0 ? null : held;
		});
		if (admitted[0]) {
			return true;
		}
		refused.increment();
		long now = System.currentTimeMillis();
		long last = lastRefusalLog.get();
		if (now - last > 60_000 && lastRefusalLog.compareAndSet(last, now)) {
			log.warn(
					"Refusing connections from an address that holds {} already (rampart.web.max-connections-per-address)",
					maxPerAddress);
		}
		return false;
	}

	/** Counts a connection that was not admitted through {@link #admit}. */
	void opened(@Nullable InetAddress peer) {
		if (peer != null) {
			open.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet();
		}
	}

	void closed(@Nullable InetAddress peer) {
		if (peer != null) {
			open.computeIfPresent(peer, (p, count) -> count.decrementAndGet() <= 0 ? null : count);
		}
	}

	/** Connections {@code peer} holds now. */
	int openFrom(InetAddress peer) {
		AtomicInteger count = open.get(peer);
		return count == null ? 0 : count.get();
	}

	void requestStarted(String connectionId, boolean upload) {
		bodyDeadlines.put(connectionId,
				System.currentTimeMillis() + (upload ? uploadTimeoutMillis : bodyTimeoutMillis));
	}

	void requestEnded(String connectionId) {
		bodyDeadlines.remove(connectionId);
		lastEnded.put(connectionId, System.nanoTime());
	}

	/** The connection closed: nothing more to know about it. */
	void forget(String connectionId) {
		bodyDeadlines.remove(connectionId);
		lastEnded.remove(connectionId);
	}

	/**
	 * One pass over every open connection: a connection in a timed phase gets what is
	 * left of its deadline.
	 */
	void sweep() {
		long now = System.currentTimeMillis();
		long nanoNow = System.nanoTime();
		for (Collection<GuardedNioProtocol.Tracked> connections : connectors) {
			for (GuardedNioProtocol.Tracked connection : connections) {
				long deadline = deadline(connection, now, nanoNow);
				if (deadline > 0 && connection.wrapper() instanceof NioEndpoint.NioSocketWrapper wrapper) {
					long allowed = Math.max(1, deadline - wrapper.getLastRead());
					long current = wrapper.getReadTimeout();
					if (current <= 0 || allowed < current) {
						wrapper.setReadTimeout(allowed);
						deadlinesSet.increment();
					}
				}
			}
		}
	}

	/**
	 * When the connection's current phase must be over, or 0 when it is in no timed phase
	 * (idle, answering).
	 */
	private long deadline(GuardedNioProtocol.Tracked connection, long now, long nanoNow) {
		Long body = bodyDeadlines.get(connection.connectionId());
		if (body != null) {
			return body;
		}
		if (connection.wrapper().getSocket() instanceof SecureNioChannel tls && !tls.isHandshakeComplete()) {
			return connection.acceptedAtMillis() + headerTimeoutMillis;
		}
		// A processor parked on the connection (not asynchronous) is waiting for the rest
		// of a request's head.
		if (connection.wrapper().getCurrentProcessor() instanceof AbstractProcessor processor && !processor.isAsync()) {
			long started = processor.getRequest().getStartTimeNanos();
			Long ended = lastEnded.get(connection.connectionId());
			// Only a head begun after the connection's last request ended (a recycled
			// start time is not one).
			if (started > 0 && (ended == null || started - ended > 0)) {
				return now - (nanoNow - started) / 1_000_000 + headerTimeoutMillis;
			}
		}
		return 0;
	}

	@Override
	public void start() {
		Thread thread = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				try {
					Thread.sleep(SWEEP_MILLIS);
					sweep();
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (RuntimeException ex) {
					log.warn("Connection sweep failed ({})", ex.getClass().getSimpleName());
				}
			}
		}, "rampart-connection-guard");
		thread.setDaemon(true);
		thread.start();
		sweeper = thread;
	}

	@Override
	public void stop() {
		Thread thread = sweeper;
		sweeper = null;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return sweeper != null;
	}

}
