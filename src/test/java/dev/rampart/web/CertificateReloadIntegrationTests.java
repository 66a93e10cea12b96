package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.IntegrationTest;
import dev.rampart.db.ExtraNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A configured certificate is picked up again when its files change, without a restart.
 */
class CertificateReloadIntegrationTests extends IntegrationTest {

	@Autowired
	ApplicationContext running;

	@Test
	void replacingTheCertificateFilesSwitchesTheServedCertificate() throws Exception {
		Path first = SelfSignedCertificate.ensure(Files.createTempDirectory("cert-a"));
		Path second = SelfSignedCertificate.ensure(Files.createTempDirectory("cert-b"));
		Path live = Files.createTempDirectory("cert-live");
		copy(first, live);
		int port = freePort();
		try (ConfigurableApplicationContext node = ExtraNode.start(running, HOME, port,
				Map.of("rampart.web.tls.certificate", live.resolve(SelfSignedCertificate.CERTIFICATE_FILE),
						"rampart.web.tls.private-key", live.resolve(SelfSignedCertificate.KEY_FILE),
						"spring.ssl.bundle.watch.file.quiet-period", "500ms"))) {
			X509Certificate before = served(port);
			assertThat(before.getPublicKey()).isEqualTo(certificate(first).getPublicKey());
			copy(second, live);
			X509Certificate after = before;
			for (int i = 0; i < 60 && after.getPublicKey().equals(before.getPublicKey()); i++) {
				Thread.sleep(250);
				after = served(port);
			}
			assertThat(after.getPublicKey()).as("served after the files changed")
				.isEqualTo(certificate(second).getPublicKey());
		}
	}

	private static void copy(Path from, Path to) throws Exception {
		for (String file : new String[] { SelfSignedCertificate.KEY_FILE, SelfSignedCertificate.CERTIFICATE_FILE }) {
			Path temp = to.resolve(file + ".new");
			Files.copy(from.resolve(file), temp, StandardCopyOption.REPLACE_EXISTING);
			Files.move(temp, to.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
	}

	private static X509Certificate certificate(Path dir) throws Exception {
		try (var in = Files.newInputStream(dir.resolve(SelfSignedCertificate.CERTIFICATE_FILE))) {
			return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	/**
	 * The certificate the server presents. The recording trust manager only looks;
	 * nothing is sent.
	 */
	private static X509Certificate served(int port) throws Exception {
		AtomicReference<X509Certificate> seen = new AtomicReference<>();
		TrustManager recorder = new X509TrustManager() {
			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
				seen.set(chain[0]);
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}
		};
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { recorder }, null);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
			socket.setSoTimeout(5000);
			socket.startHandshake();
		}
		return seen.get();
	}

}
