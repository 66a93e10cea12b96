package dev.rampart.mail;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.mail.*} (environment: {@code RAMPART_SMTP_HOST},
 * {@code RAMPART_SMTP_PORT}, {@code RAMPART_SMTP_USERNAME}, {@code RAMPART_SMTP_PASSWORD}
 * or {@code _PASSWORD_FILE}, {@code RAMPART_SMTP_TLS}, {@code RAMPART_MAIL_FROM},
 * {@code RAMPART_PUBLIC_URL}). Without a host, messages go to {@code directory} as .eml
 * files.
 *
 * @param tls {@code starttls} (required, default), {@code implicit} (SMTPS) or
 * {@code none}, which is accepted only for a relay on this machine (a loopback host)
 * @param trustStore a PEM file of certificates to trust for the SMTP server (a private
 * CA), in addition to the JDK's
 * @param sendInterval how often the worker looks at the outbox (100ms to 10m)
 * @param fileRetention how long mail files (no SMTP server configured) are kept
 * @param pruneInterval how often mail files past their retention are removed (1m to 24h)
 */
@ConfigurationProperties("rampart.mail")
public record MailSettings(@DefaultValue("Rampart <no-reply@rampart.invalid>") String from,
		@DefaultValue("https://localhost:8443") String publicUrl, @Nullable Path directory, Smtp smtp,
		@DefaultValue("5s") Duration sendInterval, @DefaultValue("20") int batchSize,
		@DefaultValue("12") int maxAttempts, @DefaultValue("30s") Duration retryBase,
		@DefaultValue("1h") Duration retryMax, @DefaultValue("2m") Duration lease,
		@DefaultValue("7d") Duration fileRetention, @DefaultValue("1h") Duration pruneInterval) {

	public record Smtp(@Nullable String host, @DefaultValue("587") int port, @Nullable String username,
			@Nullable String password, @Nullable String passwordFile, @DefaultValue("starttls") String tls,
			@Nullable String trustStore, @DefaultValue("10s") Duration timeout) {

		public Smtp {
			if (!tls.equals("starttls") && !tls.equals("implicit") && !tls.equals("none")) {
				throw new IllegalArgumentException("rampart.mail.smtp.tls must be starttls, implicit or none");
			}
		}

		boolean configured() {
			return host != null && !host.isBlank();
		}

		@Nullable Path passwordPath() {
			return passwordFile == null || passwordFile.isBlank() ? null : Path.of(passwordFile);
		}

		@Nullable Path trustStorePath() {
			return trustStore == null || trustStore.isBlank() ? null : Path.of(trustStore);
		}

	}

	public MailSettings {
		if (smtp == null) {
			smtp = new Smtp(null, 587, null, null, null, "starttls", null, Duration.ofSeconds(10));
		}
		if (sendInterval.compareTo(Duration.ofMillis(100)) < 0 || sendInterval.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException("rampart.mail.send-interval must be between 100ms and 10m");
		}
		if (pruneInterval.compareTo(Duration.ofMinutes(1)) < 0 || pruneInterval.compareTo(Duration.ofHours(24)) > 0) {
			throw new IllegalArgumentException("rampart.mail.prune-interval must be between 1m and 24h");
		}
		if (batchSize < 1 || batchSize > 500) {
			throw new IllegalArgumentException("rampart.mail.batch-size must be between 1 and 500");
		}
		if (maxAttempts < 1 || maxAttempts > 100) {
			throw new IllegalArgumentException("rampart.mail.max-attempts must be between 1 and 100");
		}
		if (publicUrl.endsWith("/")) {
			publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
		}
	}

}
