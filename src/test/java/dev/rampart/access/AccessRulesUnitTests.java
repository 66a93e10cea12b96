package dev.rampart.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.shared.CommentId;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessRulesUnitTests {

	private final UserId actor = UserId.random();

	private final UserId someoneElse = UserId.random();

	private final Resource.Project project = new Resource.Project(OrgId.random(), ProjectId.random());

	private final Resource.Task openTask = task(false, someoneElse, Optional.empty());

	private final Resource.Task restrictedTask = task(true, someoneElse, Optional.empty());

	@Test
	void deniesEverythingWithoutMembership() {
		for (Permission permission : Permission.values()) {
			for (Resource resource : new Resource[] { project, openTask, new Resource.Org(project.org()) }) {
				assertThat(AccessRules.decide(actor, permission, resource, Memberships.NONE).allowed()).isFalse();
			}
		}
	}

	@Test
	void ownersAndAdminsManageEveryProjectAndSayWhy() {
		Decision decision = AccessRules.decide(actor, Permission.TASK_DELETE, restrictedTask, org(OrgRole.ADMIN));
		assertThat(decision).isEqualTo(new Decision.Allowed("organization role admin manages every project"));
	}

	@Test
	void membersWithoutProjectRoleSeeNothingInTheProject() {
		assertThat(AccessRules.decide(actor, Permission.PROJECT_READ, project, org(OrgRole.MEMBER)).allowed())
			.isFalse();
		assertThat(AccessRules.decide(actor, Permission.TASK_READ, openTask, org(OrgRole.MEMBER)).allowed()).isFalse();
	}

	@Test
	void viewersReadButDoNotWriteAndContributorsWriteButDoNotDelete() {
		Memberships viewer = project(OrgRole.GUEST, ProjectRole.VIEWER);
		assertThat(AccessRules.decide(actor, Permission.TASK_READ, openTask, viewer).allowed()).isTrue();
		assertThat(AccessRules.decide(actor, Permission.TASK_UPDATE, openTask, viewer).allowed()).isFalse();
		Memberships contributor = project(OrgRole.MEMBER, ProjectRole.CONTRIBUTOR);
		assertThat(AccessRules.decide(actor, Permission.TASK_UPDATE, openTask, contributor).allowed()).isTrue();
		assertThat(AccessRules.decide(actor, Permission.TASK_DELETE, openTask, contributor).allowed()).isFalse();
		assertThat(AccessRules.decide(actor, Permission.TASK_SHARE, openTask, contributor).allowed()).isFalse();
	}

	@Test
	void restrictedTasksAreHiddenFromProjectRolesWithoutReadRestricted() {
		Memberships contributor = project(OrgRole.MEMBER, ProjectRole.CONTRIBUTOR);
		Decision denied = AccessRules.decide(actor, Permission.TASK_READ, restrictedTask, contributor);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.reason()).contains("restricted").contains("task.read_restricted");
		assertThat(AccessRules
			.decide(actor, Permission.TASK_READ, restrictedTask, project(OrgRole.MEMBER, ProjectRole.MANAGER))
			.allowed()).isTrue();
	}

	@Test
	void creatorAndAssigneeOfARestrictedTaskSeeIt() {
		Memberships contributor = project(OrgRole.MEMBER, ProjectRole.CONTRIBUTOR);
		Decision creator = AccessRules.decide(actor, Permission.TASK_UPDATE, task(true, actor, Optional.empty()),
				contributor);
		assertThat(creator)
			.isEqualTo(new Decision.Allowed("project role contributor, as creator of the restricted task"));
		Decision assignee = AccessRules.decide(actor, Permission.TASK_COMMENT,
				task(true, someoneElse, Optional.of(actor)), org(OrgRole.GUEST));
		assertThat(assignee).isEqualTo(new Decision.Allowed("assignee of the task"));
		assertThat(AccessRules
			.decide(actor, Permission.TASK_DELETE, task(true, someoneElse, Optional.of(actor)), org(OrgRole.GUEST))
			.allowed()).isFalse();
	}

	@Test
	void grantsOpenOneTaskButNotItsProject() {
		Memberships viewerGrant = new Memberships(Optional.of(OrgRole.GUEST), Optional.empty(),
				Optional.of(TaskRole.VIEWER));
		assertThat(AccessRules.decide(actor, Permission.TASK_READ, restrictedTask, viewerGrant))
			.isEqualTo(new Decision.Allowed("task grant viewer"));
		assertThat(AccessRules.decide(actor, Permission.TASK_UPDATE, restrictedTask, viewerGrant).allowed()).isFalse();
		assertThat(AccessRules.decide(actor, Permission.PROJECT_READ, project, viewerGrant).allowed()).isFalse();
		Memberships collaborator = new Memberships(Optional.of(OrgRole.GUEST), Optional.empty(),
				Optional.of(TaskRole.COLLABORATOR));
		assertThat(AccessRules.decide(actor, Permission.TASK_UPDATE, restrictedTask, collaborator).allowed()).isTrue();
		assertThat(AccessRules.decide(actor, Permission.TASK_DELETE, restrictedTask, collaborator).allowed()).isFalse();
		assertThat(AccessRules.decide(actor, Permission.TASK_SHARE, restrictedTask, collaborator).allowed()).isFalse();
	}

	@Test
	void customRolesGrantExactlyTheirPermissions() {
		Memberships triager = new Memberships(Optional.of(OrgRole.MEMBER),
				Optional.of(new Memberships.HeldProjectRole("triager", EnumSet.of(Permission.PROJECT_READ,
						Permission.TASK_READ, Permission.TASK_READ_RESTRICTED, Permission.TASK_UPDATE))),
				Optional.empty());
		assertThat(AccessRules.decide(actor, Permission.TASK_UPDATE, restrictedTask, triager))
			.isEqualTo(new Decision.Allowed("project role triager"));
		assertThat(AccessRules.decide(actor, Permission.TASK_COMMENT, openTask, triager).allowed()).isFalse();
	}

	@Test
	void authorsDeleteTheirOwnCommentsWhileTheyMayComment() {
		Resource.Comment own = new Resource.Comment(openTask, CommentId.random(), actor);
		Resource.Comment others = new Resource.Comment(openTask, CommentId.random(), someoneElse);
		Memberships contributor = project(OrgRole.MEMBER, ProjectRole.CONTRIBUTOR);
		Memberships viewer = project(OrgRole.MEMBER, ProjectRole.VIEWER);
		assertThat(AccessRules.decide(actor, Permission.COMMENT_DELETE, own, contributor).allowed()).isTrue();
		assertThat(AccessRules.decide(actor, Permission.COMMENT_DELETE, others, contributor).allowed()).isFalse();
		assertThat(AccessRules.decide(actor, Permission.COMMENT_DELETE, own, viewer).allowed()).isFalse();
	}

	@Test
	void organizationPermissionsComeFromOrganizationRolesOnly() {
		Resource.Org org = new Resource.Org(project.org());
		assertThat(AccessRules.decide(actor, Permission.ORG_DELETE, org, org(OrgRole.ADMIN)).allowed()).isFalse();
		assertThat(AccessRules.decide(actor, Permission.ORG_DELETE, org, org(OrgRole.OWNER)).allowed()).isTrue();
		assertThat(AccessRules.decide(actor, Permission.ORG_MANAGE_ROLES, org, org(OrgRole.ADMIN)).allowed()).isFalse();
		assertThat(AccessRules.decide(actor, Permission.AUDIT_READ, org, org(OrgRole.MEMBER)).allowed()).isFalse();
	}

	private Resource.Task task(boolean restricted, UserId creator, Optional<UserId> assignee) {
		return new Resource.Task(project.org(), project.project(), TaskId.random(), restricted, creator, assignee);
	}

	private static Memberships org(OrgRole role) {
		return new Memberships(Optional.of(role), Optional.empty(), Optional.empty());
	}

	private static Memberships project(OrgRole orgRole, ProjectRole role) {
		return new Memberships(Optional.of(orgRole),
				Optional.of(new Memberships.HeldProjectRole(role.wireName(), RolePermissions.ofProjectRole(role))),
				Optional.empty());
	}

}
