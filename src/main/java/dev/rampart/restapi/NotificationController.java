package dev.rampart.restapi;

import dev.rampart.notify.EmailPreference;
import dev.rampart.notify.Notification;
import dev.rampart.notify.Notifications;
import dev.rampart.notify.Watching;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.TaskId;
import dev.rampart.work.MentionCandidates;
import dev.rampart.work.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's notifications, their mail preference, watching tasks and mentioning
 * people.
 */
@Tag(name = "Notifications",
		description = "What concerns you: your notifications, when they are mailed, the tasks you watch, whom you may mention.")
@RestController
@RequestMapping("/api/v1")
class NotificationController {

	record NotificationView(UUID id, String kind, String summary, UUID orgId, UUID projectId, @Nullable UUID taskId,
			@Nullable String taskKey, @Nullable String taskTitle, @Nullable UUID commentId, @Nullable UUID actorId,
			@Nullable String actorName, @Nullable String detail, Instant createdAt, @Nullable Instant readAt) {
		static NotificationView of(Notification n) {
			return new NotificationView(n.id(), n.kind().wireName(), n.summary(), n.org().value(), n.project().value(),
					n.task().map(TaskId::value).orElse(null), n.taskKey().orElse(null), n.taskTitle().orElse(null),
					n.comment().map(c -> c.value()).orElse(null), n.actor().map(a -> a.value()).orElse(null),
					n.actorName().orElse(null), n.detail().orElse(null), n.createdAt(), n.readAt().orElse(null));
		}
	}

	record UnreadView(int unread) {
	}

	record MarkedView(int marked) {
	}

	record EmailPreferenceView(@io.swagger.v3.oas.annotations.media.Schema(allowableValues = {
			"immediately", "daily", "off" }) String email){
	}

	record EmailPreferenceRequest(@io.swagger.v3.oas.annotations.media.Schema(allowableValues = {
			"immediately", "daily", "off" }) @NotBlank @Nullable String email){
	}

	record WatchingView(boolean watching, int watchers) {
		static WatchingView of(Watching.State state) {
			return new WatchingView(state.watching(), state.watchers());
		}
	}

	record WatchingRequest(@NotNull @Nullable Boolean watching) {
	}

	record PersonView(UUID id, String displayName) {
	}

	private final Notifications notifications;

	private final Watching watching;

	private final MentionCandidates mentionable;

	NotificationController(Notifications notifications, Watching watching, MentionCandidates mentionable) {
		this.notifications = notifications;
		this.watching = watching;
		this.mentionable = mentionable;
	}

	@Operation(operationId = "listNotifications", summary = "List your notifications",
			description = "Newest first; unread=true for the unread only. A notification about a task you may no longer read is not shown.")
	@GetMapping("/notifications")
	ListView<NotificationView> list(@AuthenticationPrincipal Actor actor,
			@RequestParam(defaultValue = "false") boolean unread, @RequestParam Optional<Integer> limit,
			@RequestParam Optional<String> cursor) {
		return ListView.of(notifications.list(actor, unread, PageRequest.of(limit.orElse(null), cursor.orElse(null))),
				NotificationView::of);
	}

	@Operation(operationId = "countUnreadNotifications", summary = "How many of your notifications are unread")
	@GetMapping("/notifications/unread-count")
	UnreadView unread(@AuthenticationPrincipal Actor actor) {
		return new UnreadView(notifications.unreadCount(actor));
	}

	@Audited("notification.read")
	@Operation(operationId = "markNotificationRead", summary = "Mark one of your notifications read",
			description = "Idempotent; 404 for a notification that is not yours to see.")
	@PostMapping("/notifications/{notificationId}/read")
	NotificationView markRead(@AuthenticationPrincipal Actor actor, @PathVariable UUID notificationId) {
		return NotificationView.of(notifications.markRead(actor, notificationId));
	}

	@Audited("notification.read_all")
	@Operation(operationId = "markAllNotificationsRead", summary = "Mark all your notifications read")
	@PostMapping("/notifications/read-all")
	MarkedView markAllRead(@AuthenticationPrincipal Actor actor) {
		return new MarkedView(notifications.markAllRead(actor));
	}

	@Operation(operationId = "getNotificationMail", summary = "When your notifications are mailed",
			description = "immediately, daily (a digest of what is still unread; the default) or off.")
	@GetMapping("/me/notification-mail")
	EmailPreferenceView emailPreference(@AuthenticationPrincipal Actor actor) {
		return new EmailPreferenceView(notifications.emailPreference(actor).wireName());
	}

	@Audited("notifications.mail")
	@Operation(operationId = "setNotificationMail", summary = "Choose when your notifications are mailed")
	@PutMapping("/me/notification-mail")
	EmailPreferenceView setEmailPreference(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody EmailPreferenceRequest request) {
		EmailPreference preference = EmailPreference.parse("email", Inputs.required("email", request.email()));
		return new EmailPreferenceView(notifications.setEmailPreference(actor, preference).wireName());
	}

	@Operation(operationId = "getTaskWatching", summary = "Whether you watch a task, and how many do")
	@GetMapping("/tasks/{taskId}/watching")
	WatchingView watching(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId) {
		return WatchingView.of(watching.of(actor, new TaskId(taskId)));
	}

	@Audited("task.watch")
	@Operation(operationId = "setTaskWatching", summary = "Start or stop watching a task",
			description = "Watchers are told of comments and status changes. Stopping is remembered: commenting again does not subscribe you again.")
	@PutMapping("/tasks/{taskId}/watching")
	WatchingView setWatching(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@Valid @RequestBody WatchingRequest request) {
		return WatchingView
			.of(watching.set(actor, new TaskId(taskId), Inputs.required("watching", request.watching())));
	}

	@Operation(operationId = "listMentionable", summary = "Whom you may mention on a task",
			description = "Members of its organization who may read it, whose name contains query; at most 10. Write a mention as @[Name](mention:<id>).")
	@GetMapping("/tasks/{taskId}/mentionable")
	List<PersonView> mentionable(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@RequestParam(defaultValue = "") String query) {
		return mentionable.find(actor, new TaskId(taskId), query)
			.stream()
			.map(p -> new PersonView(p.id().value(), p.displayName()))
			.toList();
	}

}
