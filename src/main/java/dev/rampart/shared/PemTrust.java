package dev.rampart.shared;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for outgoing connections to servers an operator names (an SMTP server,
 * webhook receivers behind a private CA): the JDK's trusted certificates plus those of a
 * PEM file.
 */
public final class PemTrust {

	private PemTrust() {
	}

	/** The JDK's trusted certificates plus those of the PEM file. */
	public static SSLContext jdkAnd(java.nio.file.Path pem, String setting) {
		try (InputStream in = Files.newInputStream(pem)) {
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			int n = 0;
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				store.setCertificateEntry("extra-" + n++, certificate);
			}
			TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			jdk.init((KeyStore) null);
			TrustManagerFactory extra = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			extra.init(store);
			List<X509TrustManager> managers = new ArrayList<>();
			for (TrustManager m : jdk.getTrustManagers()) {
				managers.add((X509TrustManager) m);
			}
			for (TrustManager m : extra.getTrustManagers()) {
				managers.add((X509TrustManager) m);
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { new EitherTrustManager(managers) }, null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(setting + " " + pem + " is unusable: " + ex.getClass().getSimpleName());
		}
	}

	/** Trusts a server chain that any of the managers trusts. */
	private record EitherTrustManager(List<X509TrustManager> managers) implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType)
				throws java.security.cert.CertificateException {
			throw new java.security.cert.CertificateException("no client certificates here");
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType)
				throws java.security.cert.CertificateException {
			java.security.cert.CertificateException last = null;
			for (X509TrustManager manager : managers) {
				try {
					manager.checkServerTrusted(chain, authType);
					return;
				}
				catch (java.security.cert.CertificateException ex) {
					last = ex;
				}
			}
			throw last != null ? last : new java.security.cert.CertificateException("no trust managers");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return managers.stream()
				.flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
				.toArray(X509Certificate[]::new);
		}

	}

}
