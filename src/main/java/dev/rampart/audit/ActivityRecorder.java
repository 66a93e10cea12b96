package dev.rampart.audit;

import dev.rampart.access.AccessEvent;
import dev.rampart.identity.IdentityEvent;
import dev.rampart.work.WorkEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The activity log's listener: turns what the modules say happened into what the current
 * request's entry records (its target, its actor, a short note, a denial). Runs on the
 * publishing thread, inside the transaction of the change, so the entry that
 * {@link AuditTrail} appends before commit carries it; a refusal's entry is written once
 * the outcome is known, after the rollback. Without a bound request (CLI, jobs) it does
 * nothing. The modules never call the log: they publish their events, and this decides.
 * Control C15 (docs/controls.md).
 */
@Component
class ActivityRecorder {

	@EventListener
	void on(AccessEvent event) {
		if (event instanceof AccessEvent.AccessGranted granted) {
			Activity.target(granted.targetKind(), granted.targetId(), granted.org());
		}
		else if (event instanceof AccessEvent.AccessDenied denied) {
			Activity.denied(denied.permission(), denied.targetKind(), denied.targetId(), denied.org());
			if (denied.reason() != null) {
				Activity.detail(denied.reason());
			}
		}
		else if (event instanceof AccessEvent.CredentialRefused refused) {
			Activity.detail(refused.reason());
		}
		else if (event instanceof AccessEvent.RoleCreated created) {
			Activity.created("role", created.role(), created.org());
		}
		else if (event instanceof AccessEvent.RoleChanged changed) {
			Activity.about("role", changed.role(), changed.org());
		}
		else if (event instanceof AccessEvent.RoleDeleted deleted) {
			Activity.about("role", deleted.role(), deleted.org());
		}
	}

	@EventListener
	void on(IdentityEvent event) {
		if (event instanceof IdentityEvent.AccountCreated created) {
			Activity.created(USER, created.user().value(), null);
		}
		else if (event instanceof IdentityEvent.SignUpForRegisteredAddress) {
			Activity.detail("the address already has an account");
		}
		else if (event instanceof IdentityEvent.SignInFailed failed) {
			Activity.about(USER, failed.user().value(), null);
		}
		else if (event instanceof IdentityEvent.SecondFactorRequired required) {
			Activity.about(USER, required.user().value(), null);
			Activity.detail("password accepted; second factor required");
		}
		else if (event instanceof IdentityEvent.SecondFactorUsed used) {
			Activity.about(USER, used.user().value(), null);
			Activity.detail("second factor: " + used.method());
		}
		else if (event instanceof IdentityEvent.PasskeyRefused refused) {
			Activity.detail("passkey refused: " + refused.reason());
		}
		else if (event instanceof IdentityEvent.SessionOpened opened) {
			Activity.actor(opened.user(), opened.session());
			Activity.about(USER, opened.user().value(), null);
		}
		else if (event instanceof IdentityEvent.SessionRevoked revoked) {
			Activity.target("session", revoked.session().value(), null);
		}
		else if (event instanceof IdentityEvent.LinkFollowed followed) {
			Activity.actor(followed.user(), null);
			Activity.about(USER, followed.user().value(), null);
		}
		else if (event instanceof IdentityEvent.ApiTokenCreated created) {
			Activity.created("api-token", created.token(), created.org());
		}
		else if (event instanceof IdentityEvent.ApiTokenRevoked revoked) {
			Activity.target("api-token", revoked.token(), null);
		}
		else if (event instanceof IdentityEvent.PasskeyAdded added) {
			Activity.created("passkey", added.credential(), null);
		}
		else if (event instanceof IdentityEvent.PasskeyRemoved removed) {
			Activity.target("passkey", removed.credential(), null);
		}
		else if (event instanceof IdentityEvent.PasswordChanged changed) {
			Activity.detail("password changed; " + changed.otherSessionsEnded() + " other sessions ended");
		}
		else if (event instanceof IdentityEvent.PasswordResetRequested requested) {
			Activity.about(USER, requested.user().value(), null);
			if (!requested.mailed()) {
				Activity.detail("reset mail limit reached; none sent");
			}
		}
		else if (event instanceof IdentityEvent.PasswordReset reset) {
			Activity.detail("password reset; " + reset.sessionsEnded() + " sessions ended");
		}
	}

	@EventListener
	void on(WorkEvent event) {
		if (event instanceof WorkEvent.OrganizationCreated created) {
			Activity.created("organization", created.org().value(), created.org());
		}
		else if (event instanceof WorkEvent.MemberAdded added) {
			Activity.about(USER, added.user().value(), added.org());
		}
		else if (event instanceof WorkEvent.MemberRoleChanged changed) {
			Activity.about(USER, changed.user().value(), changed.org());
		}
		else if (event instanceof WorkEvent.MemberRemoved removed) {
			Activity.about(USER, removed.user().value(), removed.org());
		}
		else if (event instanceof WorkEvent.MemberLeft left) {
			Activity.about(USER, left.user().value(), left.org());
		}
		else if (event instanceof WorkEvent.InvitationSent sent) {
			Activity.created("invitation", sent.invitation(), sent.org());
		}
		else if (event instanceof WorkEvent.InvitationRevoked revoked) {
			Activity.target("invitation", revoked.invitation(), revoked.org());
		}
		else if (event instanceof WorkEvent.InvitationAccepted accepted) {
			Activity.about(USER, accepted.user().value(), accepted.org());
		}
		else if (event instanceof WorkEvent.ProjectCreated created) {
			Activity.created("project", created.project().value(), created.org());
		}
		else if (event instanceof WorkEvent.TaskCreated created) {
			Activity.created("task", created.task().value(), created.org());
		}
		else if (event instanceof WorkEvent.TaskGranted granted) {
			Activity.created("task-grant", granted.grant(), granted.org());
		}
		else if (event instanceof WorkEvent.CommentAdded added) {
			Activity.created("comment", added.comment().value(), added.org());
		}
		else if (event instanceof WorkEvent.DependencyAdded added) {
			Activity.detail("blocked by task " + added.blocker().value());
		}
		else if (event instanceof WorkEvent.DependencyRemoved removed) {
			Activity.detail("no longer blocked by task " + removed.blocker().value());
		}
		else if (event instanceof WorkEvent.ChecklistItemAdded added) {
			Activity.created("checklist-item", added.item(), added.org());
		}
		else if (event instanceof WorkEvent.ChecklistItemChanged changed) {
			Activity.about("checklist-item", changed.item(), changed.org());
			Activity.detail(changed.fields().isEmpty() ? "nothing changed"
					: "changed: " + String.join(", ", new java.util.TreeSet<>(changed.fields())));
		}
		else if (event instanceof WorkEvent.ChecklistItemRemoved removed) {
			Activity.about("checklist-item", removed.item(), removed.org());
		}
		else if (event instanceof WorkEvent.AttachmentAdded added) {
			Activity.created("attachment", added.attachment().value(), added.org());
		}
		else if (event instanceof WorkEvent.MilestoneCreated created) {
			Activity.created("milestone", created.milestone(), created.org());
		}
		else if (event instanceof WorkEvent.MilestoneChanged changed) {
			Activity.about("milestone", changed.milestone(), changed.org());
			Activity.detail(changed.fields().isEmpty() ? "nothing changed"
					: "changed: " + String.join(", ", new java.util.TreeSet<>(changed.fields())));
		}
		else if (event instanceof WorkEvent.MilestoneDeleted deleted) {
			Activity.about("milestone", deleted.milestone(), deleted.org());
		}
		else if (event instanceof WorkEvent.SprintChanged changed) {
			if ("created".equals(changed.what())) {
				Activity.created("sprint", changed.sprint(), changed.org());
			}
			else {
				Activity.about("sprint", changed.sprint(), changed.org());
				Activity.detail(changed.what());
			}
		}
		else if (event instanceof WorkEvent.LabelCreated created) {
			Activity.created("label", created.label(), created.org());
		}
		else if (event instanceof WorkEvent.LabelChanged changed) {
			Activity.about("label", changed.label(), changed.org());
			Activity.detail(changed.fields().isEmpty() ? "nothing changed"
					: "changed: " + String.join(", ", new java.util.TreeSet<>(changed.fields())));
		}
		else if (event instanceof WorkEvent.LabelDeleted deleted) {
			Activity.about("label", deleted.label(), deleted.org());
		}
		else if (event instanceof WorkEvent.TemplateCreated created) {
			Activity.created(TEMPLATE, created.template(), created.org());
		}
		else if (event instanceof WorkEvent.TemplateChanged changed) {
			Activity.about(TEMPLATE, changed.template(), changed.org());
			Activity.detail(changed.what());
		}
		else if (event instanceof WorkEvent.TemplateDeleted deleted) {
			Activity.about(TEMPLATE, deleted.template(), deleted.org());
		}
		else if (event instanceof WorkEvent.ProjectStartedFromTemplate started) {
			Activity.created("project", started.project().value(), started.org());
			Activity.detail("from template " + started.template() + " version " + started.version() + ": "
					+ started.milestones() + " milestones, " + started.tasks() + " tasks, " + started.dependencies()
					+ " dependencies");
		}
		else if (event instanceof WorkEvent.ProjectImported imported) {
			Activity.created("project", imported.project().value(), imported.org());
			Activity.detail("imported from a " + imported.source() + " CSV export: " + imported.tasks() + " tasks, "
					+ imported.comments() + " comments");
		}
		else if (event instanceof WorkEvent.WorkflowChanged changed) {
			changed.project()
				.ifPresentOrElse(project -> Activity.about("project", project.value(), changed.org()),
						() -> Activity.about("organization", changed.org().value(), changed.org()));
			Activity.detail("workflow: " + changed.what());
		}
		else if (event instanceof WorkEvent.AccountClosed closed) {
			Activity.about(USER, closed.user().value(), null);
		}
		// OrganizationDeleted, TaskUpdated, TaskDeleted: the access decision already
		// named the resource the entry is about.
	}

	private static final String USER = "user";

	private static final String TEMPLATE = "template";

}
