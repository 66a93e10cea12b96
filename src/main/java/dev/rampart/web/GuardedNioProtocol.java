package dev.rampart.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO HTTP/1.1 protocol with Rampart's {@link ConnectionGuard}: a connection
 * from an address that already holds its share is closed as it is accepted, and every
 * open connection is known with its peer and accept time, so the guard can put deadlines
 * on slow ones. Public with a no-argument constructor because Tomcat creates protocols by
 * class name.
 */
public class GuardedNioProtocol extends Http11NioProtocol {

	private final Endpoint endpoint;

	public GuardedNioProtocol() {
		this(new Endpoint());
	}

	private GuardedNioProtocol(Endpoint endpoint) {
		super(endpoint);
		this.endpoint = endpoint;
	}

	/**
	 * Puts this connector's connections under {@code guard} (before the connector
	 * starts).
	 */
	void guardWith(ConnectionGuard guard) {
		endpoint.guard = guard;
		guard.watch(endpoint.tracked.values());
	}

	/** An open connection: Tomcat's wrapper, its peer, when it was accepted. */
	record Tracked(SocketWrapperBase<NioChannel> wrapper, @Nullable InetAddress peer, long acceptedAtMillis,
			String connectionId) {
	}

	static final class Endpoint extends NioEndpoint {

		private volatile @Nullable ConnectionGuard guard;

		private final Map<SocketChannel, Tracked> tracked = new ConcurrentHashMap<>();

		/** Connections counted by the guard that Tomcat has not taken yet. */
		private final Map<SocketChannel, Object> admitted = new ConcurrentHashMap<>();

		private static final Object NO_PEER = new Object();

		Endpoint() {
			// Tomcat adds every accepted connection to this map and removes it when it
			// closes.
			connections = new ConcurrentHashMap<>() {

				private static final long serialVersionUID = 1L;

				@Override
				public SocketWrapperBase<NioChannel> put(SocketChannel channel, SocketWrapperBase<NioChannel> wrapper) {
					SocketWrapperBase<NioChannel> previous = super.put(channel, wrapper);
					opened(channel, wrapper);
					return previous;
				}

				@Override
				public SocketWrapperBase<NioChannel> remove(Object channel) {
					SocketWrapperBase<NioChannel> removed = super.remove(channel);
					if (removed != null) {
						closed(channel);
					}
					return removed;
				}

			};
		}

		@Override
		protected boolean setSocketOptions(SocketChannel socket) {
			ConnectionGuard current = guard;
			if (current == null) {
				return super.setSocketOptions(socket);
			}
			InetAddress peer = peer(socket);
			if (!current.admit(peer)) {
				// Closes it and frees its slot (Tomcat's own refusal path closes only
				// wrapped sockets).
				destroySocket(socket);
				return false;
			}
			// Counted on admission; from here the count is given back when Tomcat drops
			// the connection, or below if it never took it.
			admitted.put(socket, peer == null ? NO_PEER : peer);
			try {
				return super.setSocketOptions(socket);
			}
			finally {
				if (admitted.remove(socket) != null) {
					current.closed(peer);
				}
			}
		}

		private void opened(SocketChannel channel, SocketWrapperBase<NioChannel> wrapper) {
			InetAddress peer = peer(channel);
			String id = wrapper.getServletConnection("http/1.1", "").getConnectionId();
			tracked.put(channel, new Tracked(wrapper, peer, System.currentTimeMillis(), id));
			ConnectionGuard current = guard;
			if (admitted.remove(channel) == null && current != null) {
				// Accepted before the guard was in place: count it now.
				current.opened(peer);
			}
		}

		private void closed(Object channel) {
			Tracked gone = tracked.remove(channel);
			ConnectionGuard current = guard;
			if (gone != null && current != null) {
				current.closed(gone.peer());
				current.forget(gone.connectionId());
			}
		}

		private static @Nullable InetAddress peer(SocketChannel channel) {
			try {
				return channel.getRemoteAddress() instanceof InetSocketAddress address ? address.getAddress() : null;
			}
			catch (IOException closed) {
				return null;
			}
		}

		Collection<Tracked> trackedConnections() {
			return tracked.values();
		}

	}

}
