package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.shared.Audited;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.rampart.work.Comments;
import dev.rampart.restapi.Views.CommentView;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.restapi.Views.TaskView;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.Actor;
import dev.rampart.shared.CommentId;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.RampartException;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import dev.rampart.work.Change;
import dev.rampart.work.Comments;
import dev.rampart.work.NewTask;
import dev.rampart.work.PageRequest;
import dev.rampart.work.TaskChanges;
import dev.rampart.work.TaskPlan;
import dev.rampart.work.TaskFilter;
import dev.rampart.work.TaskVisibility;
import dev.rampart.work.TaskHistory;
import dev.rampart.work.Tasks;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Tasks", description = "Tasks and comments.")
@RestController
@RequestMapping("/api/v1")
class TaskController {

	private static final Pattern ENTITY_TAG = Pattern.compile("\"(\\d{1,9})\"");

	record TaskRequest(@NotBlank @Size(max = Tasks.TITLE_MAX) @Nullable String title,
			@Size(max = Tasks.DESCRIPTION_MAX) @Nullable String description, @Size(max = 32) @Nullable String status,
			@Size(max = 32) @Nullable String priority, @Size(max = 36) @Nullable String assigneeId,
			@Size(max = 254) @Nullable String assigneeEmail, @Size(max = 10) @Nullable String dueDate,
			@Size(max = 32) @Nullable String visibility, @Size(max = 10) @Nullable String startDate,
			@Nullable Integer estimateMinutes, @Size(max = 36) @Nullable String milestoneId,
			@Size(max = 100) @Nullable List<String> labelIds) {
	}

	record CommentRequest(@NotBlank @Size(max = Comments.BODY_MAX) @Nullable String body) {
	}

	/**
	 * A task change as a JSON merge patch (documentation of the body {@link TaskChanges}
	 * reads): fields left out keep their value, null clears the optional ones.
	 */
	record TaskPatch(@Nullable String title, @Nullable String description, @io.swagger.v3.oas.annotations.media.Schema(
			description = "A status key of the project's workflow; a change must follow one of its transitions (409 transition-refused names those allowed)") @Nullable String status,
			@io.swagger.v3.oas.annotations.media.Schema(allowableValues = {
					"low", "medium", "high", "urgent" }) @Nullable String priority,
			@io.swagger.v3.oas.annotations.media.Schema(
					allowableValues = { "project", "restricted" }) @Nullable String visibility,
			@Nullable UUID assigneeId, @Nullable String assigneeEmail,
			@io.swagger.v3.oas.annotations.media.Schema(format = "date") @Nullable String dueDate,
			@io.swagger.v3.oas.annotations.media.Schema(format = "date") @Nullable String startDate,
			@Nullable Integer estimateMinutes, @Nullable UUID milestoneId, @Nullable List<UUID> labelIds,
			@io.swagger.v3.oas.annotations.media.Schema(
					description = "A planned or the active sprint of the task's project; null: the backlog") @Nullable UUID sprintId,
			@io.swagger.v3.oas.annotations.media.Schema(minimum = "0", maximum = "1000") @Nullable Integer storyPoints){
	}

	/** A PATCH without If-Match: the client must say which version it edits. */
	static final class MissingIfMatch extends RampartException {

		private static final long serialVersionUID = 1L;

		MissingIfMatch() {
			super(Category.PRECONDITION_REQUIRED, "send If-Match with the task's ETag to change it");
		}

	}

	private final Tasks tasks;

	private final Comments comments;

	private final TaskHistory history;

	TaskController(Tasks tasks, Comments comments, TaskHistory history) {
		this.history = history;
		this.tasks = tasks;
		this.comments = comments;
	}

	@Operation(operationId = "listProjectTasks", summary = "List a project's tasks",
			description = "In the order `sort` names (newest, oldest, due_date, priority; newest by default), paged by `cursor`; filters by status, assignee (an id or `me`), priority, due dates (`dueFrom`, `dueTo`, inclusive ISO dates), title words, `milestone` (an id), `label` (an id) and `sprint` (an id, or `backlog` for tasks in no sprint); `sort=rank` is the planning order.")
	@GetMapping("/projects/{projectId}/tasks")
	ListView<TaskView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@RequestParam Optional<String> status, @RequestParam Optional<String> assignee,
			@RequestParam Optional<String> search, @RequestParam Optional<String> priority,
			@RequestParam Optional<String> dueFrom, @RequestParam Optional<String> dueTo,
			@RequestParam Optional<String> sort, @RequestParam Optional<Integer> limit,
			@RequestParam Optional<String> cursor, @RequestParam Optional<String> milestone,
			@RequestParam Optional<String> label, @RequestParam Optional<String> sprint) {
		TaskFilter filter = TaskFilter
			.parse(status.orElse(null),
					assignee.map(a -> "me".equals(a) ? actor.userId() : new UserId(Inputs.uuid("assignee", a))),
					search.orElse(null), priority.orElse(null), dueFrom.orElse(null), dueTo.orElse(null), "sort",
					sort.orElse(null))
			.planned("milestone", milestone.orElse(null), "label", label.orElse(null))
			.inSprint("sprint", sprint.orElse(null));
		return ListView.of(tasks.list(actor, new ProjectId(projectId), filter,
				PageRequest.of(limit.orElse(null), cursor.orElse(null))), TaskView::of);
	}

	/**
	 * Tasks across every project the actor can see: {@code assignee=me} (assigned to the
	 * actor) or {@code sharedWith=me} (shared with the actor by a grant).
	 */
	@Operation(operationId = "listMyTasks", summary = "Tasks assigned to you or shared with you",
			description = "Across every project you can see: `assignee=me` or `sharedWith=me`.")
	@GetMapping("/tasks")
	ListView<TaskView> mine(@AuthenticationPrincipal Actor actor, @RequestParam Optional<String> assignee,
			@RequestParam Optional<String> sharedWith, @RequestParam Optional<Integer> limit,
			@RequestParam Optional<String> cursor) {
		PageRequest page = PageRequest.of(limit.orElse(null), cursor.orElse(null));
		if (assignee.isPresent() == sharedWith.isPresent()) {
			throw new InvalidInput("assignee", "give exactly one of assignee=me or sharedWith=me");
		}
		if (assignee.isPresent()) {
			requireMe("assignee", assignee.get());
			return ListView.of(tasks.assignedToMe(actor, page), TaskView::of);
		}
		requireMe("sharedWith", sharedWith.get());
		return ListView.of(tasks.sharedWithMe(actor, page), TaskView::of);
	}

	private static void requireMe(String field, String value) {
		if (!"me".equals(value)) {
			throw new InvalidInput(field, "must be me");
		}
	}

	@Audited("task.create")
	@Operation(operationId = "createTask", summary = "Create a task",
			description = "The assignee by `assigneeId` or `assigneeEmail`. The answer carries the task's ETag.")
	@PostMapping("/projects/{projectId}/tasks")
	ResponseEntity<TaskView> create(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@Valid @RequestBody TaskRequest request) {
		NewTask task = NewTask.parse(request.title(), request.description(), request.status(), request.priority(),
				request.visibility(), request.assigneeId(), request.assigneeEmail(), request.dueDate(), TaskPlan
					.parse(request.startDate(), request.estimateMinutes(), request.milestoneId(), request.labelIds()));
		var created = tasks.create(actor, new ProjectId(projectId), task);
		return ResponseEntity.created(java.net.URI.create("/api/v1/tasks/" + created.id().value()))
			.eTag(etag(created.version()))
			.body(TaskView.of(created));
	}

	@Operation(operationId = "getTask", summary = "Read a task",
			description = "With its ETag (the version) for a later If-Match.")
	@GetMapping("/tasks/{taskId}")
	ResponseEntity<TaskView> get(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId) {
		var task = tasks.get(actor, new TaskId(taskId));
		return ResponseEntity.ok().eTag(etag(task.version())).body(TaskView.of(task));
	}

	@Operation(operationId = "getTaskByKey", summary = "Read a task by its key",
			description = "The key people use, like WEB-42 (any case), in one organization. With its ETag.")
	@GetMapping("/orgs/{orgId}/tasks/{key}")
	ResponseEntity<TaskView> getByKey(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@PathVariable String key) {
		var task = tasks.byKey(actor, new dev.rampart.shared.OrgId(orgId), key);
		return ResponseEntity.ok().eTag(etag(task.version())).body(TaskView.of(task));
	}

	@Audited("task.update")
	@Operation(operationId = "updateTask", summary = "Change a task",
			description = "A JSON merge patch (null clears assigneeId, assigneeEmail or dueDate). If-Match is required: the task's ETag (412 if it changed meanwhile) or * for whatever version is current.")
	@PatchMapping("/tasks/{taskId}")
	ResponseEntity<TaskView> update(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@io.swagger.v3.oas.annotations.Parameter(required = true,
					description = "The task's ETag (\"3\") from a read, or * for whatever version is current.") @RequestHeader(
							name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @io.swagger.v3.oas.annotations.media.Content(
							schema = @io.swagger.v3.oas.annotations.media.Schema(
									implementation = TaskPatch.class))) @RequestBody Map<String, Object> body) {
		if (ifMatch == null) {
			throw new MissingIfMatch();
		}
		// "*" (RFC 9110): the client knowingly changes whatever version is current.
		int expected;
		if ("*".equals(ifMatch.strip())) {
			expected = Tasks.ANY_VERSION;
		}
		else {
			Matcher version = ENTITY_TAG.matcher(ifMatch.strip());
			if (!version.matches()) {
				throw new InvalidInput("If-Match", "must be the task's ETag, such as \"3\", or *");
			}
			expected = Integer.parseInt(version.group(1));
		}
		TaskChanges changes = TaskChanges.parse(body);
		var updated = tasks.update(actor, new TaskId(taskId), expected, changes);
		return ResponseEntity.ok().eTag(etag(updated.version())).body(TaskView.of(updated));
	}

	@Audited("task.delete")
	@Operation(operationId = "deleteTask", summary = "Delete a task")
	@DeleteMapping("/tasks/{taskId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId) {
		tasks.delete(actor, new TaskId(taskId));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listTaskHistory", summary = "List a task's history",
			description = "Newest first: who changed which field from what to what, and when. A `labels` entry "
					+ "has `to` for a label put on and `from` for one taken off; `label` names what a value refers "
					+ "to where you may see it.")
	@GetMapping("/tasks/{taskId}/history")
	ListView<Views.HistoryEntryView> history(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@RequestParam Optional<Integer> limit, @RequestParam Optional<String> cursor) {
		return ListView.of(
				history.of(actor, new TaskId(taskId), PageRequest.of(limit.orElse(null), cursor.orElse(null))),
				Views.HistoryEntryView::of);
	}

	@Operation(operationId = "listComments", summary = "List a task's comments",
			description = "Oldest first, with each author's name.")
	@GetMapping("/tasks/{taskId}/comments")
	ListView<CommentView> comments(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@RequestParam Optional<Integer> limit, @RequestParam Optional<String> cursor) {
		return ListView.of(
				comments.list(actor, new TaskId(taskId), PageRequest.of(limit.orElse(null), cursor.orElse(null))),
				CommentView::of);
	}

	@Audited("comment.create")
	@Operation(operationId = "addComment", summary = "Comment on a task",
			description = "Markdown; `bodyHtml` is the sanitised rendering.")
	@PostMapping("/tasks/{taskId}/comments")
	ResponseEntity<CommentView> comment(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@Valid @RequestBody CommentRequest request) {
		CommentView comment = CommentView
			.of(comments.create(actor, new TaskId(taskId), Inputs.required("body", request.body())));
		return Views.created(comment, "/api/v1/comments/{commentId}", comment.id());
	}

	@Audited("comment.update")
	@Operation(operationId = "updateComment", summary = "Edit your comment",
			description = "Only its author, while still allowed to comment; the edit is recorded and `editedAt` set.")
	@PatchMapping("/comments/{commentId}")
	CommentView updateComment(@AuthenticationPrincipal Actor actor, @PathVariable UUID commentId,
			@Valid @RequestBody CommentRequest request) {
		return CommentView.of(comments.update(actor, new dev.rampart.shared.CommentId(commentId),
				Inputs.required("body", request.body())));
	}

	@Audited("comment.delete")
	@Operation(operationId = "deleteComment", summary = "Delete a comment",
			description = "Its author, or a project manager.")
	@DeleteMapping("/comments/{commentId}")
	ResponseEntity<Void> deleteComment(@AuthenticationPrincipal Actor actor, @PathVariable UUID commentId) {
		comments.delete(actor, new CommentId(commentId));
		return ResponseEntity.noContent().build();
	}

	private static String etag(int version) {
		return "\"" + version + "\"";
	}

}
