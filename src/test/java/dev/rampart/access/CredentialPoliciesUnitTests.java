package dev.rampart.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.shared.Actor.Credential;
import dev.rampart.shared.OrgId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each named policy alone, as ddd-by-examples' PlacingOnHoldPolicy tests are. */
class CredentialPoliciesUnitTests {

	private static final OrgId ORG = OrgId.random();

	private static final Credential SESSION = Credential.session(false, false, Instant.now());

	private static final Credential SESSION_WITH_MFA = Credential.session(true, true, Instant.now());

	@Test
	void aReadOnlyTokenMayChangeNothingWhileOtherCredentialsMay() {
		assertThat(ReadOnlyTokenPolicy.allowsChanges(Credential.apiToken(true, null, false))).isFalse();
		assertThat(ReadOnlyTokenPolicy.allowsChanges(Credential.apiToken(false, null, false))).isTrue();
		assertThat(ReadOnlyTokenPolicy.allowsChanges(SESSION)).isTrue();
	}

	@Test
	void anOrganizationScopedTokenReachesItsOrganizationOnly() {
		Credential scoped = Credential.apiToken(false, ORG, false);
		assertThat(OrganizationScopedTokenPolicy.reaches(scoped, ORG)).isTrue();
		assertThat(OrganizationScopedTokenPolicy.reaches(scoped, OrgId.random())).isFalse();
		assertThat(OrganizationScopedTokenPolicy.onlyOrganization(scoped)).contains(ORG);
		assertThat(OrganizationScopedTokenPolicy.reaches(Credential.apiToken(false, null, false), OrgId.random()))
			.isTrue();
		assertThat(OrganizationScopedTokenPolicy.onlyOrganization(SESSION)).isEmpty();
	}

	@Test
	void anOrganizationRequiringMfaAdmitsOnlyAccountsWithASecondFactor() {
		assertThat(OrganizationMfaPolicy.admits(SESSION, true)).isFalse();
		assertThat(OrganizationMfaPolicy.admits(SESSION, false)).isTrue();
		assertThat(OrganizationMfaPolicy.admits(SESSION_WITH_MFA, true)).isTrue();
		assertThat(OrganizationMfaPolicy.hidesOrganizationsRequiringMfa(SESSION)).isTrue();
		assertThat(OrganizationMfaPolicy.hidesOrganizationsRequiringMfa(SESSION_WITH_MFA)).isFalse();
	}

	@Test
	void aPlatformOperationNeedsARoleThatAllowsItAndASecondFactor() {
		Set<PlatformRole> custodian = EnumSet.of(PlatformRole.KEY_CUSTODIAN);
		assertThat(PlatformRolePolicy.decide(Set.of(), PlatformPermission.KEYS_READ, SESSION_WITH_MFA))
			.isEqualTo(PlatformRolePolicy.Outcome.NO_ROLE);
		assertThat(PlatformRolePolicy.decide(EnumSet.of(PlatformRole.OPERATOR), PlatformPermission.KEYS_MANAGE,
				SESSION_WITH_MFA))
			.isEqualTo(PlatformRolePolicy.Outcome.NO_ROLE);
		assertThat(PlatformRolePolicy.decide(custodian, PlatformPermission.KEYS_MANAGE, SESSION))
			.isEqualTo(PlatformRolePolicy.Outcome.NEEDS_MFA);
		assertThat(PlatformRolePolicy.decide(custodian, PlatformPermission.KEYS_MANAGE, SESSION_WITH_MFA))
			.isEqualTo(PlatformRolePolicy.Outcome.ALLOWED);
		assertThat(PlatformRolePolicy.needsStepUp(PlatformPermission.KEYS_MANAGE)).isTrue();
		assertThat(PlatformRolePolicy.needsStepUp(PlatformPermission.KEYS_READ)).isFalse();
	}

	@Test
	void everyPermissionKnowsWhetherItWrites() {
		assertThat(Permission.TASK_READ.writes()).isFalse();
		assertThat(Permission.AUDIT_READ.writes()).isFalse();
		assertThat(Permission.TASK_UPDATE.writes()).isTrue();
		assertThat(Permission.ORG_MANAGE_MEMBERS.writes()).isTrue();
		assertThat(java.util.Arrays.stream(Permission.values()).filter(p -> !p.writes())).allMatch(
				p -> p.action().endsWith("read") || p.action().contains(".read") || p == Permission.ACCESS_EXPLAIN);
		assertThat(PlatformPermission.KEYS_MANAGE.writes()).isTrue();
		assertThat(PlatformPermission.ERRORS_READ.writes()).isFalse();
	}

}
