package dev.rampart.mail;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Renders a message's HTML and text bodies from {@code mail/<template>.html} and
 * {@code .txt} (Mustache). In HTML every value is escaped; a template that names a value
 * the message lacks fails instead of sending a half-filled mail.
 */
@Component
class MailTemplates {

	record Rendered(String html, String text) {
	}

	private final Mustache.Compiler html = Mustache.compiler()
		.escapeHTML(true)
		.strictSections(true)
		.emptyStringIsFalse(true);

	private final Mustache.Compiler text = Mustache.compiler()
		.escapeHTML(false)
		.strictSections(true)
		.emptyStringIsFalse(true);

	private final Map<String, Template> cache = new ConcurrentHashMap<>();

	Rendered render(MailMessage message) {
		Map<String, String> values = new java.util.HashMap<>(message.values());
		values.put("subject", message.subject());
		return new Rendered(template(message.template() + ".html", html).execute(values),
				template(message.template() + ".txt", text).execute(values));
	}

	private Template template(String name, Mustache.Compiler compiler) {
		return cache.computeIfAbsent(name, n -> {
			try (Reader reader = new InputStreamReader(new ClassPathResource("mail/" + n).getInputStream(),
					StandardCharsets.UTF_8)) {
				return compiler.compile(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("mail template " + n + " is missing", ex);
			}
		});
	}

}
