package dev.rampart.cli;

import dev.rampart.access.PlatformRole;
import dev.rampart.access.PlatformRoles;
import dev.rampart.audit.AuditTrail;
import dev.rampart.shared.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rampart admin grant-role|revoke-role|roles}: platform roles are given only at
 * the machine, never through the API, and each change is in the activity log.
 */
final class PlatformRoleCommands {

	private PlatformRoleCommands() {
	}

	/** The options both changes take. */
	abstract static class Change implements Callable<Integer> {

		@Option(names = "--email", required = true)
		String email;

		@Option(names = "--role", required = true, description = "key-custodian or operator")
		String role;

		abstract boolean granting();

		@Override
		public Integer call() {
			return change(email, role, granting());
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "grant-role",
			description = "Give an account a platform role: key-custodian or operator.")
	static final class Grant extends Change {

		@Override
		boolean granting() {
			return true;
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "revoke-role",
			description = "Take a platform role from an account.")
	static final class Revoke extends Change {

		@Override
		boolean granting() {
			return false;
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "roles", description = "List the holders of platform roles.")
	static final class List implements Callable<Integer> {

		@Override
		public Integer call() {
			return RampartCommandLine.withApplication(context -> {
				var holders = context.getBean(PlatformRoles.class).holders();
				holders.forEach(h -> System.out
					.println(h.user().value() + "  " + h.email() + "  " + String.join(", ", h.roles())));
				if (holders.isEmpty()) {
					System.out.println("Nobody holds a platform role.");
				}
				return 0;
			});
		}

	}

	private static int change(String email, String roleName, boolean grant) {
		PlatformRole role;
		try {
			role = PlatformRole.parse("role", roleName);
		}
		catch (dev.rampart.shared.RampartException ex) {
			System.err.println("Unknown role " + roleName + ": use key-custodian or operator");
			return 2;
		}
		return RampartCommandLine.withApplication(context -> {
			PlatformRoles access = context.getBean(PlatformRoles.class);
			Optional<UserId> user = access.account(email);
			if (user.isEmpty()) {
				System.err.println("No account with that email");
				return 1;
			}
			boolean changed = context.getBean(AuditTrail.class)
				.operatorAction(grant ? "admin.grant-role" : "admin.revoke-role",
						Map.of("userId", user.get().value().toString(), "role", role.wireName()),
						() -> grant ? access.grant(user.get(), role) : access.revoke(user.get(), role));
			System.out
				.println((grant ? (changed ? "Granted " : "Already held: ") : (changed ? "Revoked " : "Not held: "))
						+ role.wireName() + " for " + user.get().value());
			return 0;
		});
	}

}
