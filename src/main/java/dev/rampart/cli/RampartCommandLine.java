package dev.rampart.cli;

import dev.rampart.audit.AuditTrail;
import dev.rampart.identity.SignUp;
import dev.rampart.ops.SeedCredential;
import dev.rampart.ops.SeedPlan;
import dev.rampart.ops.Seeder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import dev.rampart.shared.StartRefused;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the jar: {@code serve} unless another command is named. */
@Command(name = "rampart", mixinStandardHelpOptions = true, version = "Rampart 0.1",
		description = "Secure multi-tenant project and process management.",
		subcommands = { RampartCommandLine.Serve.class, RampartCommandLine.Migrate.class,
				RampartCommandLine.Admin.class, RampartCommandLine.Seed.class, AuditCommand.class, ErrorsCommand.class,
				KeysCommand.class, BackupCommand.class, RampartCommandLine.Health.class })
public final class RampartCommandLine implements Callable<Integer> {

	/**
	 * The Spring Boot application class; passed in so the CLI does not depend on the root
	 * package.
	 */
	private static Class<?> application = Object.class;

	public static int run(Class<?> applicationClass, String[] args) {
		application = applicationClass;
		return new CommandLine(new RampartCommandLine()).setCaseInsensitiveEnumValuesAllowed(true)
			.setExecutionExceptionHandler(RampartCommandLine::oneLine)
			.setParameterExceptionHandler(RampartCommandLine::badArguments)
			.execute(args);
	}

	/**
	 * Every failure is one line for the operator and a non-zero exit, never a stack
	 * trace: a start Rampart refused (data directory in use, database not durable) says
	 * what to do (2); a refusal of the command itself says why (1); anything else names
	 * its kind, the scrubbed JSON log has the rest (1).
	 */
	private static int oneLine(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
		java.util.Optional<StartRefused> refused = StartRefused.in(failure);
		if (refused.isPresent()) {
			commandLine.getErr().println("rampart: " + refused.get().getMessage());
			return 2;
		}
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof dev.rampart.shared.RampartException || t instanceof CommandFailed) {
				commandLine.getErr().println("rampart: " + t.getMessage());
				return 1;
			}
		}
		java.util.Optional<String> setting = invalidSetting(failure);
		if (setting.isPresent()) {
			commandLine.getErr().println("rampart: " + setting.get());
			return 2;
		}
		String what = "rampart".equals(commandLine.getCommandName()) || "serve".equals(commandLine.getCommandName())
				? "could not start" : commandLine.getCommandName() + " failed";
		commandLine.getErr()
			.println("rampart: " + what + " (" + rootCause(failure).getClass().getSimpleName()
					+ "); the log above has the details");
		return 1;
	}

	/**
	 * A setting that does not pass its own validation (the settings records say what is
	 * wrong in words for operators and never repeat the value): which setting, and why.
	 */
	private static java.util.Optional<String> invalidSetting(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof org.springframework.boot.context.properties.bind.BindException bind) {
				Throwable root = rootCause(bind);
				String reason = root instanceof IllegalArgumentException || root instanceof IllegalStateException
						? root.getMessage() : root.getClass().getSimpleName();
				return java.util.Optional.of("the settings under " + bind.getName() + " are invalid: " + reason);
			}
		}
		return java.util.Optional.empty();
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

	/**
	 * A wrong option or value: the reason and where to read about the options, in one
	 * line.
	 */
	private static int badArguments(CommandLine.ParameterException failure, String[] args) {
		CommandLine commandLine = failure.getCommandLine();
		commandLine.getErr()
			.println("rampart: " + failure.getMessage() + " (see: rampart "
					+ commandLine.getCommandSpec().qualifiedName(" ").replaceFirst("^rampart ?", "") + " --help)");
		return 2;
	}

	/**
	 * A command that cannot do what it was asked: its message is the line the operator
	 * reads.
	 */
	static final class CommandFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CommandFailed(String message) {
			super(message);
		}

	}

	@Override
	public Integer call() {
		return new Serve().call();
	}

	static ConfigurableApplicationContext start(WebApplicationType type) {
		// Checked before Spring starts, so a mistake in it is one line, not a failure
		// report.
		String home = System.getenv("RAMPART_HOME");
		if (home != null) {
			dev.rampart.shared.RampartHome.parse(home);
		}
		SpringApplicationBuilder builder = new SpringApplicationBuilder(application).web(type);
		if (type == WebApplicationType.NONE) {
			// An operator command's output is what it prints; only warnings and errors
			// are logged with it. It starts only the beans it uses (lazily) and runs no
			// background jobs: seconds, not a server start. A failed start is reported by
			// the one line of oneLine(), not also by Spring's failure report.
			builder.properties("logging.threshold.console=warn", "spring.main.lazy-initialization=true",
					"rampart.cli=true", "logging.level.org.springframework.boot.diagnostics=off",
					"logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext=error");
		}
		return builder.run();
	}

	/**
	 * Runs {@code work} against a started (non-web) application, closes it, and returns
	 * the exit status.
	 */
	static int withApplication(ToIntFunction<ConfigurableApplicationContext> work) {
		try (ConfigurableApplicationContext context = start(WebApplicationType.NONE)) {
			return work.applyAsInt(context);
		}
	}

	@Command(mixinStandardHelpOptions = true, name = "serve", description = "Start the web application (the default).")
	static final class Serve implements Callable<Integer> {

		@Override
		public Integer call() {
			ConfigurableApplicationContext context = start(WebApplicationType.SERVLET);
			CountDownLatch closed = new CountDownLatch(1);
			context.addApplicationListener(event -> {
				if (event instanceof ContextClosedEvent) {
					closed.countDown();
				}
			});
			try {
				closed.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return 0;
		}

	}

	/**
	 * The container's health check: asks the running server's readiness endpoint on the
	 * loopback management port, without starting anything itself (no shell, no curl in
	 * the image).
	 */
	@Command(mixinStandardHelpOptions = true, name = "health",
			description = "Exit 0 if the server on this machine is ready (its management port's readiness check),"
					+ " 1 if not.")
	static final class Health implements Callable<Integer> {

		@Override
		public Integer call() {
			String port = System.getenv().getOrDefault("RAMPART_MANAGEMENT_PORT", "8081");
			if (!port.matches("\\d{1,5}")) {
				throw new CommandFailed("RAMPART_MANAGEMENT_PORT must be a port number");
			}
			java.net.URI readiness = java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
			try {
				java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newBuilder()
					.connectTimeout(java.time.Duration.ofSeconds(3))
					.build()
					.send(java.net.http.HttpRequest.newBuilder(readiness)
						.timeout(java.time.Duration.ofSeconds(5))
						.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
				System.out.println("readiness: " + answer.statusCode());
				return answer.statusCode() == 200 ? 0 : 1;
			}
			catch (java.io.IOException ex) {
				System.out
					.println("readiness: no answer from " + readiness + " (" + ex.getClass().getSimpleName() + ")");
				return 1;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return 1;
			}
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "migrate",
			description = "Apply pending database migrations and exit.")
	static final class Migrate implements Callable<Integer> {

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = start(WebApplicationType.NONE)) {
				// Commands start lazily: ask for the migration explicitly (it runs when
				// the bean is made).
				context.getBean(org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer.class);
				System.out.println("Database schema is up to date.");
			}
			return 0;
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "admin", description = "Administrative tasks.",
			subcommands = { CreateUser.class, PlatformRoleCommands.Grant.class, PlatformRoleCommands.Revoke.class,
					PlatformRoleCommands.List.class })
	static final class Admin extends CommandGroup {

	}

	@Command(mixinStandardHelpOptions = true, name = "create-user",
			description = "Create a user account. The password is read from a file or "
					+ "typed at a prompt without echo, never from the command line.")
	static final class CreateUser implements Callable<Integer> {

		@Option(names = "--email", required = true)
		String email;

		@Option(names = "--name", required = true, description = "Display name")
		String name;

		@Option(names = "--password-file", description = "File whose first line is the password")
		Path passwordFile;

		@Override
		public Integer call() throws IOException {
			String password = passwordFile != null
					? Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("")
					: prompt();
			try (ConfigurableApplicationContext context = start(WebApplicationType.NONE)) {
				var profile = context.getBean(AuditTrail.class)
					.operatorAction("admin.create-user", Map.of("email", email, "displayName", name),
							() -> context.getBean(SignUp.class).signUp(email, name, password));
				if (profile.isEmpty()) {
					System.err.println("Not created: an account with this email already exists");
					return 1;
				}
				System.out.println("Created user " + profile.get().email() + " (" + profile.get().id() + ")");
				return 0;
			}
			catch (dev.rampart.shared.RampartException ex) {
				System.err.println("Not created: " + ex.getMessage());
				return 1;
			}
		}

		private static String prompt() {
			var console = System.console();
			if (console == null) {
				throw new CommandLine.ParameterException(new CommandLine(new CreateUser()),
						"no terminal to prompt for the password: use --password-file");
			}
			return new String(console.readPassword("Password: "));
		}

	}

	@Command(mixinStandardHelpOptions = true, name = "seed", description = {
			"Generate a synthetic data set (bulk COPY) for trying Rampart out and for "
					+ "benchmarks, and print sign-in details for an owner, an admin, a member and a guest of the first organization.",
			"Needs " + SeedPlan.MINIMUMS + ". Users, projects and tasks are spread evenly over the organizations. "
					+ "Running it again adds another data set.",
			"Refuses a data directory where people have created accounts, unless --force." })
	static final class Seed implements Callable<Integer> {

		@Option(names = "--orgs", defaultValue = "10",
				description = "Organizations (at least 1; default ${DEFAULT-VALUE}).")
		int orgs;

		@Option(names = "--users", defaultValue = "100",
				description = "Users, at least 4 per organization: an owner, an admin, members and guests (default ${DEFAULT-VALUE}).")
		int users;

		@Option(names = "--projects", defaultValue = "50",
				description = "Projects, at least 1 per organization (default ${DEFAULT-VALUE}).")
		int projects;

		@Option(names = "--tasks", defaultValue = "10000", description = "Tasks, 0 or more (default ${DEFAULT-VALUE}).")
		long tasks;

		@Option(names = "--force",
				description = "Seed even where people have created accounts (the data set is added beside theirs).")
		boolean force;

		@Override
		public Integer call() {
			SeedPlan plan;
			try {
				plan = new SeedPlan(orgs, users, projects, tasks);
			}
			catch (IllegalArgumentException ex) {
				throw new CommandFailed(ex.getMessage());
			}
			long total = (long) users * 2 + orgs + projects + tasks;
			ProgressBar bar = new ProgressBar(new PrintWriter(System.err, true, StandardCharsets.UTF_8), total);
			long started = System.nanoTime();
			List<SeedCredential> credentials;
			try (ConfigurableApplicationContext context = start(WebApplicationType.NONE)) {
				Seeder seeder = context.getBean(Seeder.class);
				long real = seeder.createdAccounts();
				if (real > 0 && !force) {
					throw new CommandFailed("this data directory holds accounts people created (" + real
							+ " recorded); seed an empty or test data directory, or add --force to seed beside them");
				}
				credentials = seeder.seed(plan, bar::update);
			}
			bar.done();
			System.out.printf("Seeded %d organizations, %d users, %d projects, %d tasks in %.1f s%n", orgs, users,
					projects, tasks, (System.nanoTime() - started) / 1e9);
			System.out.println("Sign in as (shown once):");
			for (SeedCredential c : credentials) {
				System.out.printf("SEED-CREDENTIAL role=%s user=%s email=%s password=%s org=%s project=%s%n", c.role(),
						c.userId(), c.email(), c.password(), c.orgId(), c.projectId());
			}
			return 0;
		}

	}

}
