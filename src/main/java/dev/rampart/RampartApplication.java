package dev.rampart;

import dev.rampart.cli.RampartCommandLine;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Rampart: one service, one jar. {@link #main} hands the arguments to the operator CLI, whose
 * default command ({@code serve}) starts the web application.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Modulithic(sharedModules = "shared")
public class RampartApplication {

	public static void main(String[] args) {
		System.exit(RampartCommandLine.run(RampartApplication.class, args));
	}

}
