package dev.rampart;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import dev.rampart.shared.Audited;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
			.resideOutsideOfPackages("dev.rampart.db..", "dev.rampart.ops..")
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
