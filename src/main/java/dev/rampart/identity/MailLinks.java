package dev.rampart.identity;

import dev.rampart.mail.MailSettings;
import org.springframework.stereotype.Component;

/**
 * Links in mails: the public address of the web application, the page, and the token in
 * the fragment ({@code #token=}), which browsers never send to a server, so it stays out
 * of access logs, proxies and Referer headers. The page posts it to the API.
 */
@Component
class MailLinks {

	private final MailSettings settings;

	MailLinks(MailSettings settings) {
		this.settings = settings;
	}

	String link(String page, String token) {
		return settings.publicUrl() + "/" + page + "#token=" + token;
	}

}
