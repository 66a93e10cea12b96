package dev.rampart;

import dev.rampart.cli.RampartCommandLine;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Rampart: one service, one jar. {@link #main} hands the arguments to the operator CLI,
 * whose default command ({@code serve}) starts the web application. Control C09
 * (docs/controls.md).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "shared")
public class RampartApplication {

	public static void main(String[] args) {
		System.exit(RampartCommandLine.run(RampartApplication.class, args));
	}

	/**
	 * Background jobs (mail, checkpoints, re-encryption, housekeeping) run in the server,
	 * not in a CLI command, which does its one thing and exits.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@ConditionalOnProperty(name = "rampart.cli", havingValue = "false", matchIfMissing = true)
	static class BackgroundJobs {

	}

}
