package dev.rampart.web;

import java.io.PrintStream;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the person who started Rampart where to reach it, once it is ready. */
@Component
class StartupAnnouncement {

	private final WebSettings settings;

	StartupAnnouncement(WebSettings settings) {
		this.settings = settings;
	}

	@EventListener
	void announce(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
			return;
		}
		String base = "https://localhost:" + web.getWebServer().getPort();
		PrintStream out = System.out;
		out.println();
		out.println("Rampart is ready.");
		if (new org.springframework.core.io.ClassPathResource("static/index.html").exists()) {
			out.println("  Open " + base + "/ in a browser to sign up and sign in.");
		}
		out.println("  Sign up:      POST " + base + "/api/v1/auth/signup");
		out.println("  Sign in:      POST " + base + "/api/v1/auth/login");
		out.println("  API base URL: " + base + "/api/v1");
		out.println("  OpenAPI:      " + base + "/api/v1/openapi.json");
		out.println("  GraphQL:      POST " + base + "/graphql");
		if (settings.httpPort() > 0) {
			out.println("  Plain HTTP on port " + settings.httpPort() + " only redirects to HTTPS.");
		}
		out.println();
		out.flush();
	}

}
