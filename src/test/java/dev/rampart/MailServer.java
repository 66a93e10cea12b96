package dev.rampart;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server for the tests: GreenMail speaking SMTPS (implicit TLS) on a loopback
 * port, with a certificate for {@code localhost} made here, which Rampart trusts through
 * {@code rampart.mail.smtp.trust-store} (host name checked). It can be stopped and
 * started again on the same port, as an outage.
 */
public final class MailServer {

	private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9_-]{43})");

	private final int port;

	private final Path trustStore;

	private volatile GreenMail server;

	private MailServer(int port, Path directory) {
		this.port = port;
		try {
			Files.createDirectories(directory);
			SelfSigned certificate = SelfSigned.create(directory.resolve("smtp-certificate.pem"), "greenmail",
					java.util.List.of("localhost"), java.util.List.of("127.0.0.1"));
			Path keystore = directory.resolve("greenmail.p12");
			try (OutputStream out = Files.newOutputStream(keystore)) {
				certificate.keyStore().store(out, SelfSigned.PASSWORD);
			}
			this.trustStore = certificate.pem();
			System.setProperty("greenmail.tls.keystore.file", keystore.toString());
			System.setProperty("greenmail.tls.keystore.password", "changeit");
			System.setProperty("greenmail.tls.key.password", "changeit");
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot set up the test SMTP server", ex);
		}
		start();
	}

	static MailServer create(int port, Path directory) {
		return new MailServer(port, directory);
	}

	public int port() {
		return port;
	}

	public Path trustStore() {
		return trustStore;
	}

	public synchronized void start() {
		if (server == null) {
			GreenMail started = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
			started.start();
			server = started;
		}
	}

	/**
	 * An outage: the port stops answering (what the stopped server received is gone with
	 * it).
	 */
	public synchronized void stop() {
		if (server != null) {
			server.stop();
			server = null;
		}
	}

	/** Messages received so far (by the running server) for {@code address}. */
	public List<MimeMessage> messagesTo(String address) {
		GreenMail current = server;
		List<MimeMessage> found = new ArrayList<>();
		if (current == null) {
			return found;
		}
		for (MimeMessage message : current.getReceivedMessages()) {
			try {
				for (var recipient : message.getRecipients(Message.RecipientType.TO)) {
					if (recipient.toString().equalsIgnoreCase(address)) {
						found.add(message);
					}
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		return found;
	}

	/**
	 * Waits (up to 20 s) for {@code count} messages to the address whose subject contains
	 * {@code subject}.
	 */
	public List<MimeMessage> await(String address, String subject, int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			List<MimeMessage> matching = messagesTo(address).stream()
				.filter(m -> subjectOf(m).contains(subject))
				.toList();
			if (matching.size() >= count || System.nanoTime() > deadline) {
				if (matching.size() < count) {
					throw new AssertionError("expected " + count + " mails '" + subject + "' to " + address + ", got "
							+ matching.size());
				}
				return matching;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	/** The token of the link in the newest mail to the address with this subject. */
	public String awaitToken(String address, String subject) {
		List<MimeMessage> mails = await(address, subject, 1);
		Matcher matcher = TOKEN.matcher(text(mails.get(mails.size() - 1)));
		if (!matcher.find()) {
			throw new AssertionError("no link with a token in the mail '" + subject + "'");
		}
		return matcher.group(1);
	}

	public static String subjectOf(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The text/html part. */
	public static String html(MimeMessage message) {
		try {
			MimeMultipart mixed = (MimeMultipart) message.getContent();
			return findHtml(mixed);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String findHtml(MimeMultipart multipart) throws Exception {
		for (int i = 0; i < multipart.getCount(); i++) {
			var part = multipart.getBodyPart(i);
			if (part.isMimeType("text/html")) {
				return (String) part.getContent();
			}
			if (part.getContent() instanceof MimeMultipart nested) {
				String found = findHtml(nested);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/** The text/plain and text/html parts, concatenated. */
	public static String text(MimeMessage message) {
		try {
			return text(message.getContent());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String text(Object content) throws Exception {
		if (content instanceof String text) {
			return text;
		}
		if (content instanceof MimeMultipart multipart) {
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < multipart.getCount(); i++) {
				out.append(text(multipart.getBodyPart(i).getContent())).append('\n');
			}
			return out.toString();
		}
		if (content instanceof java.io.InputStream in) {
			try (in) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		return String.valueOf(content);
	}

}
