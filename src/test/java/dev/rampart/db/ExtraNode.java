package dev.rampart.db;

import dev.rampart.RampartApplication;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts one more Rampart node against the database of a running test context, as a
 * second server of a cluster would: same PostgreSQL, same data directory secrets, its own
 * HTTPS port.
 */
public final class ExtraNode {

	private ExtraNode() {
	}

	public static ConfigurableApplicationContext start(ApplicationContext running, Path home, int httpsPort,
			Map<String, Object> settings) {
		DatabaseEndpoint endpoint = running.getBean(DatabaseEndpoint.class);
		Map<String, Object> properties = new HashMap<>();
		properties.put("rampart.home", home.toString());
		properties.put("server.port", httpsPort);
		properties.put("rampart.web.http-port", -1);
		properties.put("management.server.port", 0);
		properties.put("rampart.db.url", endpoint.jdbcUrl());
		properties.put("rampart.db.username", endpoint.appUser());
		properties.put("rampart.db.password", endpoint.appPassword());
		properties.put("rampart.db.migration-username", endpoint.ownerUser());
		properties.put("rampart.db.migration-password", endpoint.ownerPassword());
		properties.put("rampart.db.pool-size", 4);
		// The embedded BI database is one node's (several nodes share an external one,
		// docs/bi.md): the extra node does not start one of its own.
		properties.put("rampart.bi.enabled", false);
		properties.putAll(settings);
		// As command-line arguments: they outrank application.yaml (default properties
		// would not).
		String[] arguments = properties.entrySet()
			.stream()
			.map(e -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(RampartApplication.class).web(WebApplicationType.SERVLET).run(arguments);
	}

}
