package dev.rampart.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A command that only groups sub-commands: run alone, it prints its usage and exits with
 * 2.
 */
abstract class CommandGroup implements Callable<Integer> {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		spec.commandLine().usage(System.out);
		return 2;
	}

}
