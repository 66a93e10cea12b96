package dev.rampart;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test server's certificate for the names and addresses given, made here: its key store
 * (PKCS#12, password "changeit") for the server, its PEM for the client to trust.
 */
public record SelfSigned(KeyStore keyStore, Path pem) {

	public static final char[] PASSWORD = "changeit".toCharArray();

	public static SelfSigned create(Path pem, String alias, List<String> dnsNames, List<String> addresses) {
		try {
			Files.createDirectories(pem.getParent());
			KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
			X500Name name = new X500Name("CN=" + (dnsNames.isEmpty() ? addresses.get(0) : dnsNames.get(0)));
			Instant now = Instant.now();
			List<GeneralName> alternatives = new ArrayList<>();
			dnsNames.forEach(n -> alternatives.add(new GeneralName(GeneralName.dNSName, n)));
			addresses.forEach(a -> alternatives.add(new GeneralName(GeneralName.iPAddress, a)));
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
						Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name,
						pair.getPublic())
					.addExtension(Extension.subjectAlternativeName, false,
							new GeneralNames(alternatives.toArray(GeneralName[]::new)))
					.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry(alias, pair.getPrivate(), PASSWORD, new Certificate[] { certificate });
			Files.writeString(pem,
					"-----BEGIN CERTIFICATE-----\n"
							+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
								.encodeToString(certificate.getEncoded())
							+ "\n-----END CERTIFICATE-----\n");
			return new SelfSigned(store, pem);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot make a test certificate", ex);
		}
	}

}
