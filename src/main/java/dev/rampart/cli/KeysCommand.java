package dev.rampart.cli;

import dev.rampart.audit.AuditTrail;
import dev.rampart.keys.KeyReport;
import dev.rampart.keys.KeyRotation;
import dev.rampart.keys.spi.KekStore;
import dev.rampart.ops.ContentSealer;
import dev.rampart.ops.KeyVerification;
import dev.rampart.shared.OrgId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rampart keys status|rotate|rotate-kek|verify}: key operations, each in the
 * activity log.
 */
@Command(mixinStandardHelpOptions = true, name = "keys", description = "Key store and data keys.", subcommands = {
		KeysCommand.Status.class, KeysCommand.Rotate.class, KeysCommand.RotateKek.class, KeysCommand.Verify.class })
final class KeysCommand extends CommandGroup {

	@Command(mixinStandardHelpOptions = true, name = "status",
			description = "The key store, its KEKs, and the data keysets by KEK and age.")
	static final class Status implements Callable<Integer> {

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				KeyReport.Status status = context.getBean(KeyReport.class).status();
				System.out.println("Key store:        " + status.storeKind() + " (id " + status.storeId() + ")");
				System.out.println("KEKs:             " + String.join(", ", status.keks()) + " (current "
						+ status.currentKek() + ")");
				System.out.println("Data keysets:     " + status.keysets() + " " + status.keysetsByKek());
				System.out
					.println("Oldest rotation:  " + (status.oldestRotation() == null ? "-" : status.oldestRotation()));
				System.out.println("Due for rotation: " + status.dueForRotation());
				System.out.println("Re-encryption:    " + context.getBean(ContentSealer.class).pending()
						+ " rows waiting to be sealed or re-sealed with the current data key");
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "rotate",
			description = "Give data keysets a new primary key now (older keys still decrypt).")
	static final class Rotate implements Callable<Integer> {

		@Option(names = "--org", description = "Only this organization's keysets (default: every keyset due)")
		UUID org;

		@Option(names = "--platform", description = "Only the platform's keysets")
		boolean platform;

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				KeyRotation keys = context.getBean(KeyRotation.class);
				AuditTrail trail = context.getBean(AuditTrail.class);
				if (org != null || platform) {
					OrgId target = platform ? null : new OrgId(org);
					trail.operatorAction("keys.rotate", Map.of("orgId", platform ? "platform" : org.toString()), () -> {
						keys.rotate(target);
						return null;
					});
					System.out.println("Rotated the keysets of " + (platform ? "the platform" : org));
				}
				else {
					int rotated = trail.operatorAction("keys.rotate", Map.of(), keys::rotateDue);
					System.out.println("Rotated " + rotated + " keysets that were due.");
				}
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "rotate-kek",
			description = "Create a new key-encryption key in the key store and re-wrap every "
					+ "data keyset with it.")
	static final class RotateKek implements Callable<Integer> {

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				KekStore store = context.getBean(KekStore.class);
				KeyRotation keys = context.getBean(KeyRotation.class);
				int rewrapped = context.getBean(AuditTrail.class)
					.operatorAction("keys.rotate-kek", Map.of(), keys::rotateKek);
				System.out.println("New KEK " + store.currentKekId() + "; re-wrapped " + rewrapped + " keysets.");
				return 0;
			});
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "verify",
			description = "Open every keyset with the key store and open a sample of every "
					+ "organization's sealed values (and the platform's account fields).")
	static final class Verify implements Callable<Integer> {

		@Option(names = "--sample", defaultValue = "20",
				description = "Values of each kind opened per organization (default 20)")
		int sample;

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				KeyVerification.Report report = context.getBean(AuditTrail.class)
					.operatorAction("keys.verify", Map.of("sample", Integer.toString(sample)),
							() -> context.getBean(KeyVerification.class).run(sample));
				report.problems().forEach(p -> System.out.println("BROKEN   " + p));
				System.out.println(report.summary());
				return report.ok() ? 0 : 1;
			});
		}

	}

}
