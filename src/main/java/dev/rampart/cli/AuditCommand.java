package dev.rampart.cli;

import dev.rampart.audit.AuditArchives;
import dev.rampart.audit.AuditCheckpoints;
import dev.rampart.audit.AuditEntry;
import dev.rampart.audit.AuditLog;
import dev.rampart.audit.AuditQuery;
import dev.rampart.audit.Outcome;
import dev.rampart.audit.AuditVerifier;
import dev.rampart.audit.VerificationReport;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rampart audit verify|checkpoint|archive}: the operator's side of the activity
 * log.
 */
@Command(mixinStandardHelpOptions = true, name = "audit",
		description = "Verify, checkpoint and archive the activity log.",
		subcommands = { AuditCommand.ListEntries.class, AuditCommand.Verify.class, AuditCommand.Checkpoint.class,
				AuditCommand.Archive.class })
final class AuditCommand extends CommandGroup {

	@Command(mixinStandardHelpOptions = true, name = "list",
			description = "The newest entries of one chain, one JSON object per line: the "
					+ "platform chain (sign-ins, sign-ups, refusals of resources the actor could not see) is readable only here.")
	static final class ListEntries implements Callable<Integer> {

		@Option(names = "--org", description = "This organization's chain")
		UUID org;

		@Option(names = "--platform", description = "The platform chain")
		boolean platform;

		@Option(names = "--action")
		String action;

		@Option(names = "--outcome", description = "success, denied, invalid or error")
		String outcome;

		@Option(names = "--limit", defaultValue = "50")
		int limit;

		@Override
		public Integer call() {
			if (platform == (org != null)) {
				System.err.println("Name one chain: --platform or --org ID");
				return 2;
			}
			return RampartCommandLine.withApplication(context -> {
				AuditQuery query = new AuditQuery(null, action, null, outcome == null ? null : Outcome.parse(outcome),
						null, null);
				context.getBean(AuditLog.class)
					.operatorView(platform ? AuditEntry.PLATFORM_CHAIN : org, query,
							Math.max(1, Math.min(limit, 10_000)))
					.forEach(entry -> System.out.println(entry.jsonLine()));
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "verify",
			description = "Re-compute every hash chain (or one organization's) and check every "
					+ "signed checkpoint; exit status 1 and the first broken entry of each chain when anything was changed.")
	static final class Verify implements Callable<Integer> {

		@Option(names = "--org", description = "Only this organization's chain")
		UUID org;

		@Option(names = "--platform", description = "Only the platform chain")
		boolean platform;

		@Option(names = "--archive-dir", description = "Also verify the archive files in this directory")
		Path archiveDirectory;

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				UUID only = platform ? AuditEntry.PLATFORM_CHAIN : org;
				VerificationReport report = context.getBean(AuditVerifier.class).verify(only, archiveDirectory);
				return print(report);
			});
		}

		static int print(VerificationReport report) {
			for (VerificationReport.ChainResult chain : report.chains()) {
				String name = AuditEntry.PLATFORM_CHAIN.equals(chain.chain()) ? "platform" : "org " + chain.chain();
				System.out.printf("%-8s %s: %d entries checked%s%s%n", chain.intact() ? "OK" : "BROKEN", name,
						chain.entriesChecked(),
						chain.archivedThrough() > 0 ? " (after archived #" + chain.archivedThrough() + ")" : "",
						chain.intact() ? "" : " - first broken: " + chain.firstBroken());
			}
			report.checkpointProblems().forEach(p -> System.out.println("BROKEN   " + p));
			report.archiveProblems().forEach(p -> System.out.println("BROKEN   " + p));
			System.out.printf("%s: %d chains, %d entries, %d signed checkpoints verified%n",
					report.intact() ? "Activity log intact" : "ACTIVITY LOG TAMPERED WITH", report.chains().size(),
					report.entriesChecked(), report.checkpointsVerified());
			return report.intact() ? 0 : 1;
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "checkpoint",
			description = "Sign the heads of the chains that moved, now.")
	static final class Checkpoint implements Callable<Integer> {

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				int signed = context.getBean(AuditCheckpoints.class).checkpoint();
				System.out.println("Signed the heads of " + signed + " chains.");
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "archive",
			description = "Move entries older than N days to signed JSON Lines files "
					+ "(the chains still verify across the archive boundary).")
	static final class Archive implements Callable<Integer> {

		@Option(names = "--older-than-days", required = true)
		int days;

		@Option(names = "--dir", description = "Where to write (default: $RAMPART_HOME/audit-archive)")
		Path directory;

		@Option(names = "--org", description = "Only this organization's chain")
		UUID org;

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				AuditArchives archives = context.getBean(AuditArchives.class);
				Path target = directory != null ? directory : archives.defaultDirectory();
				var files = archives.archive(days, target, org);
				files.forEach(f -> System.out.printf("Archived %s #%d-#%d to %s%n", f.chain(), f.fromSeq(),
						f.throughSeq(), f.file()));
				System.out.println(
						files.isEmpty() ? "Nothing old enough to archive." : "Archived " + files.size() + " chains.");
				return 0;
			});
		}

	}

}
