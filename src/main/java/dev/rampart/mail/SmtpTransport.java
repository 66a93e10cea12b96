package dev.rampart.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * SMTP over TLS: STARTTLS required (port 587) or implicit TLS (SMTPS, 465), the server's
 * certificate and host name checked against the JDK's trust store and, if set, a PEM file
 * of extra certificates. Plain SMTP only to a relay on this machine.
 */
final class SmtpTransport implements MailTransport {

	private final JavaMailSenderImpl sender = new JavaMailSenderImpl();

	private final String description;

	SmtpTransport(MailSettings.Smtp smtp) {
		String host = java.util.Objects.requireNonNull(smtp.host());
		if (smtp.tls().equals("none") && !loopback(host)) {
			throw new IllegalStateException("rampart.mail.smtp.tls=none is accepted only for a relay on this machine; "
					+ host + " is not a loopback address: use starttls or implicit");
		}
		boolean implicit = smtp.tls().equals("implicit");
		String protocol = implicit ? "smtps" : "smtp";
		sender.setProtocol(protocol);
		sender.setHost(host);
		sender.setPort(smtp.port());
		sender.setDefaultEncoding("UTF-8");
		if (smtp.username() != null && !smtp.username().isBlank()) {
			sender.setUsername(smtp.username());
			sender.setPassword(password(smtp));
		}
		Properties properties = new Properties();
		String prefix = "mail." + protocol + ".";
		String millis = Long.toString(smtp.timeout().toMillis());
		properties.put(prefix + "connectiontimeout", millis);
		properties.put(prefix + "timeout", millis);
		properties.put(prefix + "writetimeout", millis);
		properties.put(prefix + "auth", Boolean.toString(smtp.username() != null && !smtp.username().isBlank()));
		if (!smtp.tls().equals("none")) {
			if (!implicit) {
				properties.put(prefix + "starttls.enable", "true");
				properties.put(prefix + "starttls.required", "true");
			}
			properties.put(prefix + "ssl.checkserveridentity", "true");
			properties.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
			java.nio.file.Path trustStore = smtp.trustStorePath();
			if (trustStore != null) {
				properties.put(prefix + "ssl.socketFactory",
						dev.rampart.shared.PemTrust.jdkAnd(trustStore, "rampart.mail.smtp.trust-store")
							.getSocketFactory());
			}
		}
		sender.setJavaMailProperties(properties);
		this.description = "SMTP " + host + ":" + smtp.port() + " (" + smtp.tls() + ")";
	}

	@Override
	public void send(MimeMessage message) throws MessagingException {
		sender.send(message);
	}

	@Override
	public String describe() {
		return description;
	}

	private static String password(MailSettings.Smtp smtp) {
		if (smtp.password() != null && !smtp.password().isEmpty()) {
			return smtp.password();
		}
		java.nio.file.Path file = smtp.passwordPath();
		if (file != null) {
			try {
				return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read rampart.mail.smtp.password-file", ex);
			}
		}
		throw new IllegalStateException("rampart.mail.smtp.username is set: set the password or password-file too");
	}

	private static boolean loopback(String host) {
		try {
			for (InetAddress address : InetAddress.getAllByName(host)) {
				if (!address.isLoopbackAddress()) {
					return false;
				}
			}
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
