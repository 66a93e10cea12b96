package dev.rampart.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code rampart.web.*}. {@code httpPort} serves only redirects to HTTPS ({@code -1} turns it
 * off); the HTTPS port is {@code server.port} ({@code RAMPART_HTTPS_PORT}).
 */
@ConfigurationProperties("rampart.web")
record WebSettings(@DefaultValue("8443") int httpsPort, @DefaultValue("8080") int httpPort,
		@DefaultValue("1MB") DataSize maxRequestBody) {

	WebSettings {
		if (maxRequestBody.toBytes() < 1024) {
			throw new IllegalArgumentException("rampart.web.max-request-body must be at least 1KB");
		}
	}

}
