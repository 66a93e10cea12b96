package dev.rampart.cli;

import dev.rampart.audit.AuditTrail;
import dev.rampart.ops.backup.Backups;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code rampart backup create|list|verify|restore|prune}: each in the activity log, with
 * a progress bar on standard error. See docs/operations.md, "Backups and restores".
 */
@Command(mixinStandardHelpOptions = true, name = "backup",
		description = "Encrypted, signed backups of the database and the files: take, list, verify, restore, prune.",
		subcommands = { BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Verify.class,
				BackupCommand.Restore.class, BackupCommand.Prune.class })
final class BackupCommand extends CommandGroup {

	private static PrintWriter err() {
		return new PrintWriter(System.err, true, StandardCharsets.UTF_8);
	}

	@Command(mixinStandardHelpOptions = true, name = "create",
			description = { "Take a backup now (one consistent snapshot of every table, and the files).",
					"With the embedded database this runs while the server is stopped; a running server takes"
							+ " its own on rampart.backup.schedule." })
	static final class Create implements Callable<Integer> {

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				Backups backups = context.getBean(Backups.class);
				PrintWriter err = err();
				Backups.Summary taken = context.getBean(AuditTrail.class)
					.operatorAction("backup.create", Map.of(), () -> backups.create(ProgressBar.labelled(err)));
				err.println();
				System.out.printf("Backup %s: %,d rows in %d tables, %d files, %,d bytes encrypted, in %s%n",
						taken.name(), taken.rows(), taken.tables(), taken.files(), taken.archiveBytes(),
						taken.directory());
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "list", description = "The backups kept, newest first.")
	static final class ListBackups implements Callable<Integer> {

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				Backups backups = context.getBean(Backups.class);
				List<Backups.Summary> all = backups.list();
				if (all.isEmpty()) {
					System.out.println("No backups in " + backups.directory());
					return 0;
				}
				System.out.printf("%-36s %-22s %8s %14s %6s %16s  %s%n", "NAME", "TAKEN (UTC)", "SCHEMA", "ROWS",
						"FILES", "BYTES", "SIGNATURE");
				for (Backups.Summary b : all) {
					System.out.printf("%-36s %-22s %8s %,14d %6d %,16d  %s%n", b.name(),
							b.createdAt().toString().substring(0, 19).replace('T', ' '), b.schemaVersion(), b.rows(),
							b.files(), b.archiveBytes(), b.signatureValid() ? "valid" : "INVALID");
				}
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "verify",
			description = "Restore a backup into a scratch PostgreSQL and compare every table and file with its"
					+ " signed manifest.")
	static final class Verify implements Callable<Integer> {

		@Parameters(paramLabel = "BACKUP", description = "A name from 'rampart backup list', or a backup's directory")
		String backup;

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				Backups backups = context.getBean(Backups.class);
				PrintWriter err = err();
				Backups.Outcome outcome = context.getBean(AuditTrail.class)
					.operatorAction("backup.verify", Map.of("backup", backup),
							() -> backups.verify(backups.locate(backup), ProgressBar.labelled(err)));
				err.println();
				System.out.printf(
						"Backup %s verified: %,d rows in %d tables and %d files match the signed manifest"
								+ " (%,d ms)%n",
						outcome.name(), outcome.rows(), outcome.tables(), outcome.files(), outcome.millis());
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "restore",
			description = {
					"Restore a backup into this data directory's or RAMPART_DB_URL's database, which must"
							+ " be empty.",
					"Refuses a backup whose signature, checksums or key store do not match; nothing is changed then." })
	static final class Restore implements Callable<Integer> {

		@Parameters(paramLabel = "BACKUP", description = "A name from 'rampart backup list', or a backup's directory")
		String backup;

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				Backups backups = context.getBean(Backups.class);
				PrintWriter err = err();
				Backups.Outcome outcome = backups.restore(backups.locate(backup), ProgressBar.labelled(err));
				err.println();
				// Recorded once the restored database is there (the restore replaces the
				// log).
				context.getBean(AuditTrail.class)
					.operatorAction("backup.restore",
							Map.of("backup", outcome.name(), "shreddedOrganizations", outcome.shredded().size()),
							() -> null);
				System.out.printf("Restored %s: %,d rows in %d tables and %d files (%,d ms)%n", outcome.name(),
						outcome.rows(), outcome.tables(), outcome.files(), outcome.millis());
				if (!outcome.shredded().isEmpty()) {
					System.out.printf("%d organizations deleted after this backup was taken stay deleted (their keys"
							+ " were destroyed): %s%n", outcome.shredded().size(), outcome.shredded());
				}
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "prune",
			description = "Delete the backups the retention policy (rampart.backup.keep-daily, keep-weekly,"
					+ " keep-monthly) does not keep.")
	static final class Prune implements Callable<Integer> {

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				Backups backups = context.getBean(Backups.class);
				List<String> removed = context.getBean(AuditTrail.class)
					.operatorAction("backup.prune", Map.of(), backups::prune);
				removed.forEach(name -> System.out.println("Deleted " + name));
				System.out.println(removed.size() + " backups deleted, " + backups.list().size() + " kept.");
				return 0;
			});
		}

	}

}
