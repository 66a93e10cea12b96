package dev.rampart.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.UserId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessRulesUnitTests {

	private final UserId actor = UserId.random();

	private final Resource.Project project = new Resource.Project(OrgId.random(), ProjectId.random());

	@Test
	void deniesEverythingWithoutMembership() {
		for (Permission permission : Permission.values()) {
			assertThat(AccessRules.decide(actor, permission, project, Memberships.NONE).allowed()).isFalse();
		}
	}

	@Test
	void ownersAndAdminsManageEveryProjectAndSayWhy() {
		Decision decision = AccessRules.decide(actor, Permission.TASK_DELETE, project,
				new Memberships(Optional.of(OrgRole.ADMIN), Optional.empty()));
		assertThat(decision).isEqualTo(new Decision.Allowed("organization role admin manages every project"));
	}

	@Test
	void membersWithoutProjectRoleSeeNothingInTheProject() {
		assertThat(AccessRules.decide(actor, Permission.PROJECT_READ, project,
				new Memberships(Optional.of(OrgRole.MEMBER), Optional.empty())).allowed()).isFalse();
	}

	@Test
	void viewersReadButDoNotWriteAndContributorsWriteButDoNotDelete() {
		Memberships viewer = new Memberships(Optional.of(OrgRole.GUEST), Optional.of(ProjectRole.VIEWER));
		assertThat(AccessRules.decide(actor, Permission.TASK_READ, project, viewer).allowed()).isTrue();
		assertThat(AccessRules.decide(actor, Permission.TASK_UPDATE, project, viewer).allowed()).isFalse();
		Memberships contributor = new Memberships(Optional.of(OrgRole.MEMBER), Optional.of(ProjectRole.CONTRIBUTOR));
		assertThat(AccessRules.decide(actor, Permission.TASK_UPDATE, project, contributor).allowed()).isTrue();
		assertThat(AccessRules.decide(actor, Permission.TASK_DELETE, project, contributor).allowed()).isFalse();
	}

	@Test
	void authorsDeleteTheirOwnCommentsOnlyWhileTheyMayComment() {
		Resource.Comment own = new Resource.Comment(project.org(), project.project(), actor);
		Resource.Comment others = new Resource.Comment(project.org(), project.project(), UserId.random());
		Memberships contributor = new Memberships(Optional.of(OrgRole.MEMBER), Optional.of(ProjectRole.CONTRIBUTOR));
		Memberships viewer = new Memberships(Optional.of(OrgRole.MEMBER), Optional.of(ProjectRole.VIEWER));
		assertThat(AccessRules.decide(actor, Permission.COMMENT_DELETE, own, contributor))
			.isEqualTo(new Decision.Allowed("author of the comment"));
		assertThat(AccessRules.decide(actor, Permission.COMMENT_DELETE, others, contributor).allowed()).isFalse();
		assertThat(AccessRules.decide(actor, Permission.COMMENT_DELETE, own, viewer).allowed()).isFalse();
	}

	@Test
	void organizationPermissionsComeOnlyFromOrganizationRoles() {
		Resource.Org org = new Resource.Org(project.org());
		assertThat(AccessRules.decide(actor, Permission.ORG_DELETE, org,
				new Memberships(Optional.of(OrgRole.ADMIN), Optional.empty())).allowed()).isFalse();
		assertThat(AccessRules.decide(actor, Permission.ORG_DELETE, org,
				new Memberships(Optional.of(OrgRole.OWNER), Optional.empty())).allowed()).isTrue();
		assertThat(AccessRules.decide(actor, Permission.ORG_READ_MEMBERS, org,
				new Memberships(Optional.of(OrgRole.GUEST), Optional.empty())).allowed()).isFalse();
	}

}
