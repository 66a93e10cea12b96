package dev.rampart.cli;

import dev.rampart.errors.ErrorReport;
import dev.rampart.errors.ErrorReports;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rampart errors list|show ID}: error reports, for operators. */
@Command(mixinStandardHelpOptions = true, name = "errors", description = "Error reports (no personal data).",
		subcommands = { ErrorsCommand.ListReports.class, ErrorsCommand.Show.class })
final class ErrorsCommand extends CommandGroup {

	@Command(mixinStandardHelpOptions = true, name = "list", description = "The newest error reports.")
	static final class ListReports implements Callable<Integer> {

		@Option(names = "--limit", defaultValue = "20")
		int limit;

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				var reports = context.getBean(ErrorReports.class).list(Math.max(1, Math.min(limit, 1000)));
				for (ErrorReport report : reports) {
					System.out.printf("%s  %s  %s  %s%n", report.id(), report.at(), report.exceptionType(),
							report.route() == null ? "-" : report.route());
				}
				System.out.println(reports.size() + " reports.");
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "show", description = "One error report with its stack trace.")
	static final class Show implements Callable<Integer> {

		@Parameters(index = "0", description = "The error id the client was given")
		UUID id;

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				var report = context.getBean(ErrorReports.class).find(id);
				if (report.isEmpty()) {
					System.err.println("No error report " + id);
					return 1;
				}
				ErrorReport r = report.get();
				System.out.println("Error:      " + r.id());
				System.out.println("At:         " + r.at());
				System.out.println("Route:      " + (r.route() == null ? "-" : r.route()));
				System.out.println("Request id: " + (r.requestId() == null ? "-" : r.requestId()));
				System.out.println("Actor:      " + (r.actorHash() == null ? "-" : "anonymised " + r.actorHash()));
				System.out.println("Type:       " + r.exceptionType());
				System.out.println();
				System.out.print(r.stackTrace());
				return 0;
			});
		}

	}

}
