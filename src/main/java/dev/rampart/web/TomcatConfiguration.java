package dev.rampart.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plain HTTP answers every request with a permanent redirect (308) to HTTPS and nothing
 * else: Tomcat's CONFIDENTIAL constraint redirects before any filter or servlet runs.
 * Tomcat's own error pages show neither a report nor the server version.
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> httpsOnly(WebSettings settings,
			org.springframework.core.env.Environment environment, ConnectionGuard guard) {
		int httpsPort = environment.getProperty("server.port", Integer.class, settings.httpsPort());
		return factory -> {
			// Both connectors: one bind address, and the guard against slow and greedy
			// clients.
			factory.setAddress(address(settings.bindAddress()));
			factory.setProtocol(GuardedNioProtocol.class.getName());
			factory.addConnectorCustomizers(connector -> guard(connector, guard));
			factory.addContextCustomizers(context -> {
				SecurityConstraint constraint = new SecurityConstraint();
				constraint.setUserConstraint("CONFIDENTIAL");
				SecurityCollection everything = new SecurityCollection();
				everything.addPattern("/*");
				constraint.addCollection(everything);
				context.addConstraint(constraint);
				// A permanent redirect (308 keeps the method and body): clients and
				// browsers remember it.
				org.apache.catalina.realm.NullRealm realm = new org.apache.catalina.realm.NullRealm();
				realm.setTransportGuaranteeRedirectStatus(308);
				context.setRealm(realm);
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(QuietErrorReportValve.class.getName());
				}
			});
			// The server's order of suites wins (strongest first), not the client's.
			factory.addConnectorCustomizers(connector -> {
				for (var host : connector.findSslHostConfigs()) {
					host.setHonorCipherOrder(true);
				}
			});
			if (settings.httpPort() >= 0) {
				Connector http = new Connector(GuardedNioProtocol.class.getName());
				http.setScheme("http");
				http.setPort(settings.httpPort());
				http.setSecure(false);
				http.setRedirectPort(httpsPort);
				http.setXpoweredBy(false);
				http.setProperty("address", settings.bindAddress());
				guard(http, guard);
				factory.addAdditionalConnectors(http);
			}
		};
	}

	private static void guard(Connector connector, ConnectionGuard guard) {
		if (connector.getProtocolHandler() instanceof GuardedNioProtocol protocol) {
			protocol.guardWith(guard);
		}
	}

	private static java.net.InetAddress address(String bindAddress) {
		try {
			return java.net.InetAddress.getByName(bindAddress);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalArgumentException(
					"rampart.web.bind-address: not an address of this machine: " + bindAddress, ex);
		}
	}

	/**
	 * Errors Tomcat answers itself, before any filter or servlet runs (a malformed
	 * request line, a raw non-ASCII byte in a query string, headers too large): a problem
	 * document like every other error, never an HTML page, a report or the server
	 * version. Public: Tomcat instantiates it.
	 */
	public static class QuietErrorReportValve extends ErrorReportValve {

		public QuietErrorReportValve() {
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(org.apache.catalina.connector.Request request,
				org.apache.catalina.connector.Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
			String title = known == null ? "Error" : known.getReasonPhrase();
			String detail = status == 400
					? "the request could not be read: its request line, URL or headers are malformed"
							+ " (for example a character in the URL that is not percent-encoded)"
					: title;
			String body = "{\"type\":\"urn:rampart:problem:http-" + status + "\",\"title\":\"" + title
					+ "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
			try {
				response.setContentType("application/problem+json");
				response.setCharacterEncoding("UTF-8");
				var writer = response.getReporter();
				if (writer != null) {
					writer.write(body);
					response.finishResponse();
				}
			}
			catch (java.io.IOException | IllegalStateException ex) {
				// The client is gone or the response is already on its way: nothing more
				// to say.
			}
		}

	}

}
