package dev.rampart.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Refuses to serve a certificate whose key is weaker than RSA 2048 or a 256-bit elliptic
 * curve: checked at start, so a weak operator-supplied certificate is a clear start-up
 * error, not a finding in the next scan.
 */
final class KeyStrength {

	private KeyStrength() {
	}

	static void requireStrong(Path certificatePem) {
		try (InputStream in = Files.newInputStream(certificatePem)) {
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(in);
			requireStrong(certificate.getPublicKey(), certificatePem.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the TLS certificate " + certificatePem, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot parse the TLS certificate " + certificatePem, ex);
		}
	}

	static void requireStrong(PublicKey key, String what) {
		if (key instanceof RSAPublicKey rsa) {
			if (rsa.getModulus().bitLength() < 2048) {
				throw new IllegalStateException(
						what + ": RSA key of " + rsa.getModulus().bitLength() + " bits; at least 2048 are required");
			}
			return;
		}
		if (key instanceof ECPublicKey ec) {
			int bits = ec.getParams().getCurve().getField().getFieldSize();
			if (bits < 256) {
				throw new IllegalStateException(
						what + ": elliptic-curve key of " + bits + " bits; at least 256 are required");
			}
			return;
		}
		throw new IllegalStateException(what + ": " + key.getAlgorithm() + " keys are not accepted; use RSA or EC");
	}

}
