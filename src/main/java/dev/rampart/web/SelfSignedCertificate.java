package dev.rampart.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The first-start certificate: an ECDSA P-256 key and a self-signed certificate for
 * localhost and this host's name, written as PEM into the data directory (key readable by
 * the owner only) and renewed when fewer than 30 days remain.
 */
final class SelfSignedCertificate {

	static final String CERTIFICATE_FILE = "certificate.pem";

	static final String KEY_FILE = "private-key.pem";

	private static final Duration VALIDITY = Duration.ofDays(397);

	private static final Duration RENEW_BEFORE = Duration.ofDays(30);

	private SelfSignedCertificate() {
	}

	/**
	 * Makes sure {@code dir} holds a usable certificate and key; returns the directory.
	 */
	static Path ensure(Path dir) {
		Path cert = dir.resolve(CERTIFICATE_FILE);
		Path key = dir.resolve(KEY_FILE);
		if (Files.exists(cert) && Files.exists(key) && !expiresSoon(cert)) {
			return dir;
		}
		try {
			Files.createDirectories(dir);
			generate(cert, key);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the TLS certificate into " + dir, ex);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("cannot generate a TLS certificate", ex);
		}
	}

	private static boolean expiresSoon(Path cert) {
		try (var in = Files.newInputStream(cert)) {
			X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
			return x509.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
		}
		catch (IOException | GeneralSecurityException ex) {
			return true;
		}
	}

	private static void generate(Path certFile, Path keyFile)
			throws GeneralSecurityException, OperatorCreationException, IOException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
		KeyPair keys = generator.generateKeyPair();
		Instant now = Instant.now();
		X500Name subject = new X500Name("CN=Rampart self-signed (localhost)");
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
				new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
				Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
		builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names()));
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		X509CertificateHolder holder = builder
			.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
		// PKCS#8 carries the curve with the key; SEC1 without parameters would be
		// misread.
		writeAtomically(keyFile,
				"-----BEGIN PRIVATE KEY-----\n"
						+ java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
							.encodeToString(keys.getPrivate().getEncoded())
						+ "\n-----END PRIVATE KEY-----\n",
				true);
		writeAtomically(certFile, pem(holder), false);
	}

	private static GeneralName[] names() {
		List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
				new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")));
		try {
			String host = InetAddress.getLocalHost().getHostName();
			if (!host.isBlank() && !host.equals("localhost") && host.matches("[A-Za-z0-9.-]+")) {
				names.add(new GeneralName(GeneralName.dNSName, host));
			}
		}
		catch (IOException ex) {
			// no resolvable host name: localhost alone will do
		}
		return names.toArray(GeneralName[]::new);
	}

	private static String pem(Object object) throws IOException {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		return out.toString();
	}

	private static void writeAtomically(Path target, String content, boolean ownerOnly) throws IOException {
		Path dir = java.util.Objects.requireNonNull(target.toAbsolutePath().getParent());
		Path temp = Files.createTempFile(dir, ".tmp-", ".pem");
		if (ownerOnly && target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
		}
		Files.writeString(temp, content, StandardCharsets.US_ASCII);
		Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
