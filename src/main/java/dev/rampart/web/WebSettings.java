package dev.rampart.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code rampart.web.*}. {@code httpPort} serves only redirects to HTTPS ({@code -1} turns it
 * off); the HTTPS port is {@code server.port} ({@code RAMPART_HTTPS_PORT}). JSON bodies may have
 * {@code maxRequestBody} bytes, multipart uploads {@code maxUploadBody}; longer URLs get 414 and
 * more query parameters than {@code maxQueryParameters} get 400.
 */
@ConfigurationProperties("rampart.web")
record WebSettings(@DefaultValue("8443") int httpsPort, @DefaultValue("8080") int httpPort,
		@DefaultValue("1MB") DataSize maxRequestBody, @DefaultValue("26MB") DataSize maxUploadBody,
		@DefaultValue("4096") int maxUrlLength, @DefaultValue("50") int maxQueryParameters) {

	WebSettings {
		if (maxRequestBody.toBytes() < 1024 || maxUploadBody.toBytes() < maxRequestBody.toBytes()) {
			throw new IllegalArgumentException(
					"rampart.web.max-request-body must be at least 1KB and max-upload-body at least as large");
		}
		if (maxUrlLength < 256 || maxQueryParameters < 1) {
			throw new IllegalArgumentException("rampart.web.max-url-length must be >= 256, max-query-parameters >= 1");
		}
	}

}
