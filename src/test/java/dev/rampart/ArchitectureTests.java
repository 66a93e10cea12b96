package dev.rampart;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.rampart.shared.Audited;
import org.junit.jupiter.api.Test;

/**
 * Rules Spring Modulith cannot express: adapters never touch SQL; every change is
 * audited.
 */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.rampart");

	@Test
	void adaptersReachDataOnlyThroughModuleServices() {
		noClasses().that()
			.resideInAnyPackage("dev.rampart.restapi..", "dev.rampart.cli..", "dev.rampart.graphql..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.jooq..", "java.sql..", "javax.sql..", "org.postgresql..", "dev.rampart.db..",
					"org.springframework.jdbc..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void everyStateChangingEndpointNamesTheActionTheActivityLogRecords() {
		methods().that()
			.areAnnotatedWith(org.springframework.web.bind.annotation.PostMapping.class)
			.or()
			.areAnnotatedWith(org.springframework.web.bind.annotation.PutMapping.class)
			.or()
			.areAnnotatedWith(org.springframework.web.bind.annotation.PatchMapping.class)
			.or()
			.areAnnotatedWith(org.springframework.web.bind.annotation.DeleteMapping.class)
			.or()
			.areAnnotatedWith(org.springframework.graphql.data.method.annotation.MutationMapping.class)
			.should()
			.beAnnotatedWith(Audited.class)
			.check(classes);
	}

	/**
	 * Authorization stays in the access module: adapters (and the web layer) call no
	 * platform decision, no key service directly, and never look at what kind of token a
	 * credential is; the named policies in {@code access} do.
	 */
	@Test
	void adaptersKeepNoAuthorizationCode() {
		noClasses().that()
			.resideInAnyPackage("dev.rampart.restapi..", "dev.rampart.graphql..", "dev.rampart.cli..",
					"dev.rampart.web..")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(dev.rampart.access.PlatformAccess.class, dev.rampart.keys.DataKeys.class)
			.check(classes);
		noClasses().that()
			.resideOutsideOfPackages("dev.rampart.access..", "dev.rampart.identity..", "dev.rampart.shared..")
			.should()
			.callMethod(dev.rampart.shared.Actor.Credential.class, "readOnly")
			.orShould()
			.callMethod(dev.rampart.shared.Actor.Credential.class, "apiToken")
			.orShould()
			.callMethod(dev.rampart.shared.Actor.Credential.class, "onlyOrg")
			.check(classes);
	}

	/** Which module owns each table: only the owner reads or writes it. */
	private static final java.util.Map<String, String> TABLE_OWNERS = owners(java.util.Map.of( //
			"identity",
			"Users AccountNames UserSessions ApiTokens OneTimeTokens CsrfTokens KnownDevices TotpCredentials RecoveryCodes "
					+ "WebauthnUsers WebauthnCredentials WebauthnCeremonies SignInThrottle",
			"access", "PlatformRoles ProjectRoles ProjectAccess", //
			"work",
			"Organizations OrgMembers Invitations Projects ProjectMembers Tasks TaskGrants TaskDependencies DependencyGraphVersions Comments ChecklistItems Attachments Milestones Labels TaskLabels ProcessTemplates ProcessTemplateVersions Workflows WorkflowStatuses WorkflowTransitions TaskHistory Sprints "
					+ "OrgStorage DecisionOrganizations DecisionOrgMembers DecisionProjects DecisionProjectMembers "
					+ "DecisionTasks DecisionTaskGrants DecisionComments",
			"audit", "AuditEntries AuditChainHeads AuditCheckpoints AuditCheckpointHeads AuditArchives", //
			"errors", "ErrorReports", "keys", "KeySets", "mail", "MailOutbox", "db", "RateLimitBuckets", "notify",
			"TaskWatchers Notifications NotificationPreferences", "hooks", "Webhooks WebhookDeliveries"),
			java.util.Map.of("bi", "BiAccess BiUsers BiLogins", "idempotency", "IdempotencyKeys"));

	/**
	 * The read views a module publishes for another (R__6_work_read_views.sql): the
	 * access decision point reads work's ancestry and memberships through them, in one
	 * statement per decision, never work's tables.
	 */
	private static final java.util.Set<String> CROSS_MODULE_READS = java.util.Set.of("access->DecisionOrganizations",
			"access->DecisionOrgMembers", "access->DecisionProjects", "access->DecisionProjectMembers",
			"access->DecisionTasks", "access->DecisionTaskGrants", "access->DecisionComments", "work->AccountNames");

	/**
	 * {@code ops} is the operator module (seeding, re-encryption of every module's sealed
	 * columns, housekeeping), working through the owner role on any table.
	 */
	@Test
	void everyTableIsUsedByTheModuleThatOwnsIt() {
		java.util.Set<String> found = new java.util.TreeSet<>();
		for (var type : classes) {
			String module = moduleOf(type.getPackageName());
			if (module == null || module.equals("ops") || module.equals("db")) {
				continue;
			}
			for (var dependency : type.getDirectDependenciesFromSelf()) {
				var target = dependency.getTargetClass();
				if (!target.getPackageName().startsWith("dev.rampart.db.schema.tables")) {
					continue;
				}
				String table = target.getSimpleName().replaceFirst("Record$", "");
				String owner = TABLE_OWNERS.get(table);
				if (owner == null) {
					found.add("no owner for table " + table);
				}
				else if (!owner.equals(module) && !CROSS_MODULE_READS.contains(module + "->" + table)) {
					found.add(type.getName() + " uses " + owner + "'s table " + table);
				}
			}
			for (var access : type.getFieldAccessesFromSelf()) {
				if (access.getTargetOwner().getName().equals("dev.rampart.db.schema.Tables")) {
					String table = TABLE_OWNERS.keySet()
						.stream()
						.filter(t -> t.replaceAll("([a-z])([A-Z])", "$1_$2")
							.toUpperCase(java.util.Locale.ROOT)
							.equals(access.getName()))
						.findFirst()
						.orElse(access.getName());
					String owner = TABLE_OWNERS.get(table);
					if (owner != null && !owner.equals(module) && !CROSS_MODULE_READS.contains(module + "->" + table)) {
						found.add(type.getName() + " uses " + owner + "'s table " + table);
					}
				}
			}
		}
		org.assertj.core.api.Assertions.assertThat(found).isEmpty();
	}

	@SafeVarargs
	private static java.util.Map<String, String> owners(java.util.Map<String, String>... tablesByModule) {
		java.util.Map<String, String> owners = new java.util.HashMap<>();
		for (java.util.Map<String, String> part : tablesByModule) {
			part.forEach((module, tables) -> {
				for (String table : tables.split(" ")) {
					owners.put(table, module);
				}
			});
		}
		return owners;
	}

	private static String moduleOf(String packageName) {
		if (!packageName.startsWith("dev.rampart.") || packageName.startsWith("dev.rampart.db.schema")) {
			return null;
		}
		String rest = packageName.substring("dev.rampart.".length());
		int dot = rest.indexOf('.');
		return dot < 0 ? rest : rest.substring(0, dot);
	}

	/**
	 * The modules say what happened by publishing events; only the activity log and the
	 * request pipeline that binds a request's context (web, GraphQL, error reports) touch
	 * the request's activity.
	 */
	@Test
	void modulesPublishEventsInsteadOfWritingTheActivityLog() {
		noClasses().that()
			.resideOutsideOfPackages("dev.rampart.audit..", "dev.rampart.web..", "dev.rampart.graphql..",
					"dev.rampart.errors..")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(dev.rampart.audit.Activity.class)
			.check(classes);
	}

	@Test
	void onlyTheDatabaseModuleOpensConnectionsOrTransactions() {
		noClasses().that()
			// bi runs a database of its own (the customers' BI database), apart from
			// Rampart's.
			.resideOutsideOfPackages("dev.rampart.db..", "dev.rampart.ops..", "dev.rampart.bi..")
			.should()
			.dependOnClassesThat(JavaClass.Predicates
				.resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.transaction..",
						"org.springframework.jdbc..")
				// Error reports read an SQLException's state; that opens nothing.
				.and(DescribedPredicate.not(JavaClass.Predicates.assignableTo(java.sql.SQLException.class)))
				// Listening after commit (transaction.event) opens nothing either.
				.and(DescribedPredicate
					.not(JavaClass.Predicates.resideInAPackage("org.springframework.transaction.event.."))))
			.check(classes);
	}

	@Test
	void adaptersDoNotDependOnEachOther() {
		noClasses().that()
			.resideInAPackage("dev.rampart.restapi..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.rampart.cli..", "dev.rampart.graphql..")
			.check(classes);
		noClasses().that()
			.resideInAPackage("dev.rampart.cli..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.rampart.restapi..", "dev.rampart.graphql..")
			.check(classes);
	}

}
