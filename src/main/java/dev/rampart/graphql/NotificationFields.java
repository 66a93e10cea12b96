package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.Connection;
import dev.rampart.graphql.Nodes.TaskNode;
import dev.rampart.graphql.Nodes.Viewer;
import dev.rampart.notify.EmailPreference;
import dev.rampart.notify.Notification;
import dev.rampart.notify.Notifications;
import dev.rampart.notify.Watching;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.work.MentionCandidates;
import dev.rampart.work.PageRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/**
 * The viewer's notifications and mail preference, watching tasks, mentioning people: the
 * same services and decisions as REST's.
 */
@Controller
class NotificationFields {

	private final Notifications notifications;

	private final Watching watching;

	private final MentionCandidates mentionable;

	NotificationFields(Notifications notifications, Watching watching, MentionCandidates mentionable) {
		this.notifications = notifications;
		this.watching = watching;
		this.mentionable = mentionable;
	}

	record NotificationNode(String id, String kind, String summary, String projectId, @Nullable String taskId,
			@Nullable String taskKey, @Nullable String taskTitle, @Nullable String commentId, @Nullable String actorId,
			@Nullable String actorName, @Nullable String detail, String createdAt, @Nullable String readAt) {
		static NotificationNode of(Notification n) {
			return new NotificationNode(n.id().toString(), n.kind().wireName(), n.summary(),
					n.project().value().toString(), n.task().map(t -> t.value().toString()).orElse(null),
					n.taskKey().orElse(null), n.taskTitle().orElse(null),
					n.comment().map(c -> c.value().toString()).orElse(null),
					n.actor().map(a -> a.value().toString()).orElse(null), n.actorName().orElse(null),
					n.detail().orElse(null), n.createdAt().toString(), n.readAt().map(Object::toString).orElse(null));
		}
	}

	record WatchingNode(boolean watching, int watcherCount) {
		static WatchingNode of(Watching.State state) {
			return new WatchingNode(state.watching(), state.watchers());
		}
	}

	record MentionCandidateNode(String id, String displayName) {
	}

	@SchemaMapping(typeName = "Viewer")
	Connection<NotificationNode> notifications(Viewer viewer, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable Boolean unreadOnly, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return Connection.of(
				notifications.list(actor, Boolean.TRUE.equals(unreadOnly), PageRequest.connection(first, after)),
				NotificationNode::of, after);
	}

	@SchemaMapping(typeName = "Viewer")
	int unreadNotificationCount(Viewer viewer, @AuthenticationPrincipal Actor actor) {
		return notifications.unreadCount(actor);
	}

	@SchemaMapping(typeName = "Viewer")
	String notificationMail(Viewer viewer, @AuthenticationPrincipal Actor actor) {
		return notifications.emailPreference(actor).wireName();
	}

	@SchemaMapping(typeName = "Task")
	WatchingNode watching(TaskNode task, @AuthenticationPrincipal Actor actor) {
		return WatchingNode.of(watching.of(actor, GraphQlController.taskId("id", task.id())));
	}

	@SchemaMapping(typeName = "Task")
	List<MentionCandidateNode> mentionable(TaskNode task, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable String query) {
		return mentionable.find(actor, GraphQlController.taskId("id", task.id()), query == null ? "" : query)
			.stream()
			.map(p -> new MentionCandidateNode(p.id().value().toString(), p.displayName()))
			.toList();
	}

	@Audited("notification.read")
	@MutationMapping
	NotificationNode markNotificationRead(@AuthenticationPrincipal Actor actor, @Argument String id) {
		return NotificationNode.of(notifications.markRead(actor, Inputs.uuid("id", id)));
	}

	@Audited("notification.read_all")
	@MutationMapping
	int markAllNotificationsRead(@AuthenticationPrincipal Actor actor) {
		return notifications.markAllRead(actor);
	}

	@Audited("notifications.mail")
	@MutationMapping
	String setNotificationMail(@AuthenticationPrincipal Actor actor, @Argument String email) {
		return notifications.setEmailPreference(actor, EmailPreference.parse("email", email)).wireName();
	}

	@Audited("task.watch")
	@MutationMapping
	WatchingNode watchTask(@AuthenticationPrincipal Actor actor, @Argument String id, @Argument boolean watching) {
		return WatchingNode.of(this.watching.set(actor, GraphQlController.taskId("id", id), watching));
	}

}
