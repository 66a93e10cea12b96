package dev.rampart.hooks.internal;

import dev.rampart.hooks.WebhookSettings;
import dev.rampart.shared.PemTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Posts a webhook's body to its receiver over HTTPS (TLS 1.2 or 1.3, the receiver's
 * certificate checked against its name). Every connection's addresses come from
 * {@link ReceiverAddresses} (no proxy, no second resolution), redirects are followed only
 * when they keep the method and body (307, 308), to HTTPS, at most {@code max-redirects}
 * times, each checked the same way. The receiver's answer is read for its status only;
 * its body is drained up to 64 KiB and thrown away.
 */
public final class ReceiverClient implements AutoCloseable {

	/** What one attempt came to. */
	public record Outcome(@Nullable Integer status, @Nullable String error, long millis) {

		public boolean delivered() {
			return status != null && status >= 200 && status < 300;
		}

	}

	private static final int DRAINED = 64 * 1024;

	private final CloseableHttpClient client;

	private final ReceiverAddresses addresses;

	private final int maxRedirects;

	public ReceiverClient(WebhookSettings settings) {
		this.addresses = new ReceiverAddresses(settings.allowedNetworks());
		this.maxRedirects = settings.maxRedirects();
		SSLContext tls = trust(settings.trustStore());
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setDnsResolver(new CheckingResolver(addresses))
			.setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
				.setSslContext(tls)
				.setTlsVersions(TLS.V_1_3, TLS.V_1_2)
				.buildClassic())
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(settings.connectTimeout()))
				.setSocketTimeout(Timeout.of(settings.responseTimeout()))
				.build())
			.setMaxConnTotal(Math.max(2, settings.concurrency() * 2))
			.setMaxConnPerRoute(Math.max(2, settings.concurrency()))
			.build();
		this.client = HttpClients.custom()
			.setConnectionManager(connections)
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.setUserAgent("Rampart-Webhooks/1")
			.setDefaultRequestConfig(RequestConfig.custom()
				.setResponseTimeout(Timeout.of(settings.responseTimeout()))
				.setConnectionRequestTimeout(Timeout.of(settings.responseTimeout()))
				.build())
			.evictIdleConnections(org.apache.hc.core5.util.TimeValue.ofSeconds(30))
			.build();
	}

	/** What is wrong with the URL's form, or null. */
	public static @Nullable String shapeProblem(URI url) {
		if (!"https".equalsIgnoreCase(url.getScheme())) {
			return "must be an https URL";
		}
		if (url.getHost() == null || url.getHost().isEmpty()) {
			return "must name a host";
		}
		if (url.getRawUserInfo() != null) {
			return "must not carry a user name or password (put a token in the path or query)";
		}
		if (url.getRawFragment() != null) {
			return "must not have a fragment";
		}
		return null;
	}

	public Outcome post(URI url, byte[] body, Map<String, String> headers) {
		long started = System.nanoTime();
		URI target = url;
		try {
			for (int redirects = 0;; redirects++) {
				String problem = shapeProblem(target);
				if (problem != null) {
					return new Outcome(null, "redirected to a URL that " + problem, elapsed(started));
				}
				HttpPost post = new HttpPost(target);
				headers.forEach(post::setHeader);
				post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
				Answer answer = client.execute(post, response -> {
					drain(response.getEntity() == null ? null : response.getEntity().getContent());
					Header location = response.getFirstHeader("Location");
					return new Answer(response.getCode(), location == null ? null : location.getValue());
				});
				boolean keepsBody = answer.status == 307 || answer.status == 308;
				if (!keepsBody || answer.location == null) {
					String error = answer.status >= 300 && answer.status < 400
							? "redirect " + answer.status + " not followed (only 307 and 308 keep the request)"
							: answer.status >= 300 ? "the receiver answered " + answer.status : null;
					return new Outcome(answer.status, error, elapsed(started));
				}
				if (redirects >= maxRedirects) {
					return new Outcome(answer.status, "more than " + maxRedirects + " redirects", elapsed(started));
				}
				target = target.resolve(answer.location);
			}
		}
		catch (ReceiverAddresses.Refused ex) {
			return new Outcome(null, "refused: " + ex.getMessage(), elapsed(started));
		}
		catch (UnknownHostException ex) {
			return new Outcome(null, "the receiver's name does not resolve", elapsed(started));
		}
		catch (SSLException ex) {
			return new Outcome(null, "TLS failed: " + ex.getClass().getSimpleName(), elapsed(started));
		}
		catch (IOException | IllegalArgumentException ex) {
			return new Outcome(null, describe(ex), elapsed(started));
		}
	}

	private static String describe(Exception ex) {
		if (ex instanceof java.net.SocketTimeoutException
				|| ex instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
			return "timed out";
		}
		if (ex instanceof org.apache.hc.client5.http.HttpHostConnectException) {
			return "connection refused";
		}
		// The type only: messages can carry the URL (and a token in it).
		return "failed: " + ex.getClass().getSimpleName();
	}

	private record Answer(int status, @Nullable String location) {
	}

	private static void drain(@Nullable InputStream in) throws IOException {
		if (in == null) {
			return;
		}
		try (in) {
			byte[] buffer = new byte[8192];
			int total = 0;
			int n;
			while (total < DRAINED && (n = in.read(buffer)) >= 0) {
				total += n;
			}
		}
	}

	private static long elapsed(long started) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
	}

	private static SSLContext trust(@Nullable String trustStore) {
		if (trustStore != null && !trustStore.isBlank()) {
			return PemTrust.jdkAnd(Path.of(trustStore), "rampart.webhooks.trust-store");
		}
		try {
			return SSLContext.getDefault();
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("no TLS", ex);
		}
	}

	@Override
	public void close() throws IOException {
		client.close();
	}

	/** Apache HttpClient asks this for every connection it opens. */
	private record CheckingResolver(ReceiverAddresses addresses) implements DnsResolver {

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			return addresses.resolve(host);
		}

		@Override
		public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
			List<InetSocketAddress> found = new ArrayList<>();
			for (InetAddress address : addresses.resolve(host)) {
				found.add(new InetSocketAddress(address, port));
			}
			return found;
		}

		@Override
		public String resolveCanonicalHostname(String host) throws UnknownHostException {
			return host;
		}

	}

}
