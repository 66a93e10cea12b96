package dev.rampart.web;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code rampart.web.*}. {@code httpPort} serves only redirects to HTTPS ({@code -1}
 * turns it off); the HTTPS port is {@code server.port} ({@code RAMPART_HTTPS_PORT}). JSON
 * bodies may have {@code maxRequestBody} bytes, multipart uploads {@code maxUploadBody};
 * longer URLs get 414 and more query parameters than {@code maxQueryParameters} get 400.
 * Both connectors listen on {@code bindAddress} ({@code RAMPART_BIND_ADDRESS}; loopback
 * by default, {@code 0.0.0.0} or {@code ::} for every interface). Slow clients: see
 * {@link ConnectionGuard}.
 */
@ConfigurationProperties("rampart.web")
record WebSettings(@DefaultValue("8443") int httpsPort, @DefaultValue("8080") int httpPort,
		@DefaultValue("1MB") DataSize maxRequestBody, @DefaultValue("26MB") DataSize maxUploadBody,
		@DefaultValue("4096") int maxUrlLength, @DefaultValue("50") int maxQueryParameters,
		@DefaultValue("127.0.0.1") String bindAddress, @DefaultValue("256") int maxConnectionsPerAddress,
		@DefaultValue("10s") Duration requestHeaderTimeout, @DefaultValue("30s") Duration requestBodyTimeout,
		@DefaultValue("10m") Duration uploadBodyTimeout, @DefaultValue("") String trustedProxies) {

	WebSettings {
		if (maxRequestBody.toBytes() < 1024 || maxUploadBody.toBytes() < maxRequestBody.toBytes()) {
			throw new IllegalArgumentException(
					"rampart.web.max-request-body must be at least 1KB and max-upload-body at least as large");
		}
		if (maxUrlLength < 256 || maxQueryParameters < 1) {
			throw new IllegalArgumentException("rampart.web.max-url-length must be >= 256, max-query-parameters >= 1");
		}
		if (maxConnectionsPerAddress < 1) {
			throw new IllegalArgumentException("rampart.web.max-connections-per-address must be at least 1");
		}
		for (Duration timeout : new Duration[] { requestHeaderTimeout, requestBodyTimeout, uploadBodyTimeout }) {
			if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
				throw new IllegalArgumentException(
						"rampart.web.request-header-timeout, request-body-timeout and upload-body-timeout must be at least 1s");
			}
		}
	}

	/** The trusted proxies as Tomcat reports peers (canonical IP addresses). */
	Set<String> trustedProxyAddresses() {
		return Arrays.stream(trustedProxies.split(","))
			.map(String::strip)
			.filter(s -> !s.isEmpty())
			.map(TrustedProxiesEnvironment::canonical)
			.collect(Collectors.toUnmodifiableSet());
	}

}
