package dev.rampart.mail;

import java.util.Map;

/**
 * A message to send: a template ({@code templates/mail/<template>.html} and {@code .txt})
 * and the values it shows. Values are escaped in the HTML body; the subject is one line.
 */
public record MailMessage(String to, String template, String subject, Map<String, String> values) {

	public MailMessage {
		if (to.isBlank() || to.indexOf('\r') >= 0 || to.indexOf('\n') >= 0) {
			throw new IllegalArgumentException("a recipient is one address");
		}
		subject = subject.replaceAll("[\\r\\n\\t]+", " ").strip();
		values = Map.copyOf(values);
	}

}
