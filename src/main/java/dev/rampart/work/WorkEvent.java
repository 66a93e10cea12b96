package dev.rampart.work;

import dev.rampart.shared.AttachmentId;
import dev.rampart.shared.CommentId;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.util.Set;
import java.util.UUID;

/**
 * What happened to organizations, their members, projects and tasks, published through
 * Spring's {@code ApplicationEventPublisher} inside the transaction of the change. The
 * activity log listens in that transaction; listeners that act after commit
 * ({@code @TransactionalEventListener}) are held to their events by the event publication
 * registry. Events carry ids and field names, never content.
 */
public sealed interface WorkEvent {

	record OrganizationCreated(OrgId org) implements WorkEvent {
	}

	/** The organization and everything in it are gone (its keys go after commit). */
	record OrganizationDeleted(OrgId org) implements WorkEvent {
	}

	record MemberAdded(OrgId org, UserId user, String role) implements WorkEvent {
	}

	record MemberRoleChanged(OrgId org, UserId user, String role) implements WorkEvent {
	}

	record MemberRemoved(OrgId org, UserId user) implements WorkEvent {
	}

	/** The member left the organization themselves. */
	record MemberLeft(OrgId org, UserId user) implements WorkEvent {
	}

	record InvitationSent(OrgId org, UUID invitation) implements WorkEvent {
	}

	record InvitationRevoked(OrgId org, UUID invitation) implements WorkEvent {
	}

	record InvitationAccepted(OrgId org, UUID invitation, UserId user) implements WorkEvent {
	}

	record ProjectCreated(OrgId org, ProjectId project) implements WorkEvent {
	}

	/**
	 * A project's name, description or key changed, it was archived or restored
	 * ({@code what}: updated, archived, restored, deleted).
	 */
	record ProjectChanged(OrgId org, ProjectId project, String what) implements WorkEvent {
	}

	record TaskCreated(OrgId org, ProjectId project, TaskId task) implements WorkEvent {
	}

	/** {@code fields}: the names of the fields the change set (wire names). */
	record TaskUpdated(OrgId org, TaskId task, Set<String> fields) implements WorkEvent {
	}

	/** Published before the row goes, so listeners still read the task as it was. */
	record TaskDeleted(OrgId org, TaskId task) implements WorkEvent {
	}

	record TaskGranted(OrgId org, TaskId task, UUID grant, UserId user) implements WorkEvent {
	}

	/** A comment's text was edited, or it was deleted. */
	record CommentChanged(OrgId org, TaskId task, CommentId comment, boolean deleted) implements WorkEvent {
	}

	record CommentAdded(OrgId org, TaskId task, CommentId comment) implements WorkEvent {
	}

	/**
	 * A description or comment ({@code comment} present) newly mentions {@code people},
	 * each of whom may read the task.
	 */
	record Mentioned(OrgId org, TaskId task, java.util.Optional<CommentId> comment,
			Set<UserId> people) implements WorkEvent {
	}

	record ProjectMemberAdded(OrgId org, ProjectId project, UserId user) implements WorkEvent {
	}

	/** {@code blocker} now blocks {@code task}. */
	record DependencyAdded(OrgId org, TaskId task, TaskId blocker) implements WorkEvent {
	}

	record DependencyRemoved(OrgId org, TaskId task, TaskId blocker) implements WorkEvent {
	}

	record ChecklistItemAdded(OrgId org, TaskId task, UUID item) implements WorkEvent {
	}

	/**
	 * {@code fields}: what the change set ({@code text}, {@code done}, {@code position}).
	 */
	record ChecklistItemChanged(OrgId org, TaskId task, UUID item, Set<String> fields) implements WorkEvent {
	}

	record ChecklistItemRemoved(OrgId org, TaskId task, UUID item) implements WorkEvent {
	}

	record AttachmentAdded(OrgId org, TaskId task, AttachmentId attachment) implements WorkEvent {
	}

	record MilestoneCreated(OrgId org, ProjectId project, UUID milestone) implements WorkEvent {
	}

	/**
	 * {@code fields}: what the change set ({@code name}, {@code dueDate}, {@code state}).
	 */
	record MilestoneChanged(OrgId org, UUID milestone, Set<String> fields) implements WorkEvent {
	}

	record MilestoneDeleted(OrgId org, UUID milestone) implements WorkEvent {
	}

	/** {@code what}: created, changed (and which fields), started, closed, deleted. */
	record SprintChanged(OrgId org, UUID sprint, String what) implements WorkEvent {
	}

	record LabelCreated(OrgId org, UUID label) implements WorkEvent {
	}

	/** {@code fields}: what the change set ({@code name}, {@code colour}). */
	record LabelChanged(OrgId org, UUID label, Set<String> fields) implements WorkEvent {
	}

	record LabelDeleted(OrgId org, UUID label) implements WorkEvent {
	}

	record TemplateCreated(OrgId org, UUID template) implements WorkEvent {
	}

	/** {@code what}: the change in a few words ("draft saved", "version 3 published"). */
	record TemplateChanged(OrgId org, UUID template, String what) implements WorkEvent {
	}

	record TemplateDeleted(OrgId org, UUID template) implements WorkEvent {
	}

	/**
	 * A project was started from a published template version with so many milestones,
	 * tasks and dependencies, in one transaction.
	 */
	record ProjectStartedFromTemplate(OrgId org, ProjectId project, UUID template, int version, int milestones,
			int tasks, int dependencies) implements WorkEvent {
	}

	/**
	 * A project was made from another tracker's CSV export ({@code source}: jira,
	 * redmine) with so many tasks and comments, in one transaction.
	 */
	record ProjectImported(OrgId org, ProjectId project, String source, int tasks, int comments) implements WorkEvent {
	}

	/**
	 * A project's workflow (or, without a project, the organization's default) changed;
	 * {@code what}: statuses added, removed and changed, transitions, tasks moved.
	 */
	record WorkflowChanged(OrgId org, java.util.Optional<ProjectId> project, String what) implements WorkEvent {
	}

	/** The user closed their account (deletion follows in the same transaction). */
	record AccountClosed(UserId user) implements WorkEvent {
	}

}
