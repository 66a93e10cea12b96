package dev.rampart.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Properties;
import java.util.UUID;
import org.springframework.mail.javamail.MimeMessageHelper;

/** Where messages go: an SMTP server, or .eml files when none is configured. */
interface MailTransport {

	void send(MimeMessage message) throws MessagingException, IOException;

	/** A human description for the start-up line (never credentials). */
	String describe();

	/**
	 * Removes what the transport keeps locally that is older than {@code retention}; how
	 * many went.
	 */
	default int prune(java.time.Duration retention) {
		return 0;
	}

	/**
	 * The MIME message for an outbox entry: its Message-ID is the entry's id, the same on
	 * every attempt, so a receiver can drop a second copy after a crash between sending
	 * and recording.
	 */
	String KIND_HEADER = "X-Rampart-Mail";

	static MimeMessage build(UUID id, String from, MailMessage message, MailTemplates.Rendered body, String domain)
			throws MessagingException {
		MimeMessage mime = new MimeMessage(Session.getInstance(new Properties())) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", "<" + id + "@" + domain + ">");
			}
		};
		MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
		helper.setFrom(new InternetAddress(from, true));
		helper.setTo(new InternetAddress(message.to(), true));
		helper.setSubject(message.subject());
		helper.setText(body.text(), body.html());
		mime.setHeader("Auto-Submitted", "auto-generated");
		// Which kind of mail it is (the template's name, never a value): names the
		// embedded .eml files.
		mime.setHeader(KIND_HEADER, message.template());
		return mime;
	}

}
