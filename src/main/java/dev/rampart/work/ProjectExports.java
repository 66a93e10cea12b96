package dev.rampart.work;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Csv;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project as a file: its tasks with their comments and checklists, exactly what the
 * exporter may read (the same services and decisions as every list), written as it is
 * read, a page of 100 tasks at a time (each page its own read, so a slow download never
 * holds a database connection). JSON (one document) or CSV (one row per task, comment or
 * checklist item; cells safe for spreadsheets).
 */
@Service
public class ProjectExports {

	/** The formats a project exports to. */
	public enum Format {

		JSON("application/json", "json"), CSV("text/csv", "csv");

		private final String mediaType;

		private final String extension;

		Format(String mediaType, String extension) {
			this.mediaType = mediaType;
			this.extension = extension;
		}

		public String mediaType() {
			return mediaType;
		}

		public String extension() {
			return extension;
		}

		public static Format parse(String field, String value) {
			for (Format format : values()) {
				if (format.extension.equals(value.toLowerCase(Locale.ROOT))) {
					return format;
				}
			}
			throw new InvalidInput(field, "must be json or csv");
		}

	}

	/** The CSV's columns, in order. */
	static final List<String> CSV_COLUMNS = List.of("record", "task_key", "task_id", "title", "description", "status",
			"priority", "visibility", "assignee", "start_date", "due_date", "estimate_minutes", "story_points",
			"milestone", "labels", "created_at", "updated_at", "author", "text", "done", "position");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int PAGE = 100;

	private final AccessPolicy access;

	private final Projects projects;

	private final Tasks tasks;

	private final Comments comments;

	private final Checklists checklists;

	private final Labels labels;

	private final Milestones milestones;

	private final Workflows workflows;

	private final Clock clock;

	ProjectExports(AccessPolicy access, Projects projects, Tasks tasks, Comments comments, Checklists checklists,
			Labels labels, Milestones milestones, Workflows workflows, Clock clock) {
		this.access = access;
		this.projects = projects;
		this.tasks = tasks;
		this.comments = comments;
		this.checklists = checklists;
		this.labels = labels;
		this.milestones = milestones;
		this.workflows = workflows;
		this.clock = clock;
	}

	/**
	 * Refuses before anything is written: the project must be readable (its tasks as
	 * their own rules say). Answers the project, for the file's name.
	 */
	public Project requireExportable(Actor actor, ProjectId project) {
		access.require(actor, Permission.TASK_READ, project);
		return projects.get(actor, project);
	}

	/**
	 * Writes the export of a project {@link #requireExportable} answered; how many tasks
	 * it held (every page is read under the actor's own decisions again).
	 */
	public int write(Actor actor, Project shown, Format format, Writer out) throws IOException {
		ProjectId project = shown.id();
		Map<String, String> statusNames = workflows.ofProject(actor, project)
			.statuses()
			.stream()
			.collect(Collectors.toMap(Workflow.Status::key, Workflow.Status::name, (a, b) -> a));
		Map<UUID, String> milestoneNames = milestones.list(actor, project)
			.stream()
			.collect(Collectors.toMap(Milestone::id, Milestone::name));
		Map<UUID, String> labelNames = labels.list(actor, shown.orgId())
			.stream()
			.collect(Collectors.toMap(Label::id, Label::name));
		if (format == Format.JSON) {
			Map<String, Object> head = new LinkedHashMap<>();
			head.put("format", "rampart.project-export/1");
			head.put("exportedAt", clock.instant().toString());
			head.put("project", Map.of("id", shown.id().value().toString(), "key", shown.key().orElse(""), "name",
					shown.name(), "description", shown.description()));
			String start = JSON.writeValueAsString(head);
			out.write(start, 0, start.length() - 1);
			out.write(",\"tasks\":[");
		}
		else {
			out.write(Csv.line(CSV_COLUMNS));
		}
		int count = 0;
		Optional<String> cursor = Optional.empty();
		TaskFilter oldestFirst = new TaskFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), Optional.empty(), TaskOrder.OLDEST, Optional.empty(), Optional.empty(),
				Optional.empty());
		do {
			Page<Task> page = tasks.list(actor, project, oldestFirst, PageRequest.of(PAGE, cursor.orElse(null)));
			List<TaskId> ids = page.items().stream().map(Task::id).toList();
			Map<TaskId, List<Comment>> commentsOf = comments.forTasks(actor, ids);
			Map<TaskId, List<ChecklistItem>> itemsOf = checklists.forTasks(actor, ids);
			for (Task task : page.items()) {
				Row row = new Row(task, statusNames.getOrDefault(task.status().wireName(), task.status().wireName()),
						task.milestone().map(milestoneNames::get).orElse(null),
						task.labels().stream().map(labelNames::get).filter(java.util.Objects::nonNull).toList(),
						commentsOf.getOrDefault(task.id(), List.of()), itemsOf.getOrDefault(task.id(), List.of()));
				if (format == Format.JSON) {
					out.write(count == 0 ? "" : ",");
					out.write(JSON.writeValueAsString(row.json()));
				}
				else {
					row.csv(out);
				}
				count++;
			}
			out.flush();
			cursor = page.nextCursor();
		}
		while (cursor.isPresent());
		if (format == Format.JSON) {
			out.write("]}\n");
		}
		out.flush();
		return count;
	}

	/** One task and what belongs to it, as it is written. */
	private record Row(Task task, String statusName, @Nullable String milestone, List<String> labels,
			List<Comment> comments, List<ChecklistItem> checklist) {

		Map<String, Object> json() {
			Map<String, Object> shown = new LinkedHashMap<>();
			shown.put("id", task.id().value().toString());
			shown.put("key", task.key().orElse(null));
			shown.put("title", task.title());
			shown.put("description", task.description());
			shown.put("status", task.status().wireName());
			shown.put("statusName", statusName);
			shown.put("priority", task.priority().wireName());
			shown.put("visibility", task.visibility().wireName());
			shown.put("assignee", task.assignee().map(a -> person(a, task.assigneeName().orElse(null))).orElse(null));
			shown.put("startDate", task.startDate().map(Object::toString).orElse(null));
			shown.put("dueDate", task.dueDate().map(Object::toString).orElse(null));
			shown.put("estimateMinutes", task.estimateMinutes().orElse(null));
			shown.put("storyPoints", task.placement().storyPoints().orElse(null));
			shown.put("milestone", milestone);
			shown.put("labels", labels);
			shown.put("createdAt", task.createdAt().toString());
			shown.put("updatedAt", task.updatedAt().toString());
			List<Map<String, Object>> said = new ArrayList<>();
			for (Comment comment : comments) {
				Map<String, Object> c = new LinkedHashMap<>();
				c.put("id", comment.id().value().toString());
				c.put("author", person(comment.authorId(), comment.authorName().orElse(null)));
				c.put("body", comment.body());
				c.put("createdAt", comment.createdAt().toString());
				said.add(c);
			}
			shown.put("comments", said);
			List<Map<String, Object>> items = new ArrayList<>();
			for (ChecklistItem item : checklist) {
				items.add(Map.of("text", item.text(), "done", item.doneAt().isPresent(), "position", item.position()));
			}
			shown.put("checklist", items);
			return shown;
		}

		private static Map<String, Object> person(UserId id, @Nullable String name) {
			Map<String, Object> person = new LinkedHashMap<>();
			person.put("id", id.value().toString());
			person.put("name", name);
			return person;
		}

		void csv(Writer out) throws IOException {
			String key = task.key().orElse("");
			String id = task.id().value().toString();
			out.write(Csv.line(List.of("task", key, id, task.title(), task.description(), statusName,
					task.priority().wireName(), task.visibility().wireName(), task.assigneeName().orElse(""),
					text(task.startDate()), text(task.dueDate()), text(task.estimateMinutes()),
					text(task.placement().storyPoints()), milestone == null ? "" : milestone, String.join("; ", labels),
					task.createdAt().toString(), task.updatedAt().toString(), "", "", "", "")));
			for (Comment comment : comments) {
				out.write(Csv.line(List.of("comment", key, id, "", "", "", "", "", "", "", "", "", "", "", "",
						comment.createdAt().toString(), "", comment.authorName().orElse(""), comment.body(), "", "")));
			}
			for (ChecklistItem item : checklist) {
				out.write(Csv.line(List.of("checklist_item", key, id, "", "", "", "", "", "", "", "", "", "", "", "",
						item.createdAt().toString(), "", "", item.text(), Boolean.toString(item.doneAt().isPresent()),
						Integer.toString(item.position()))));
			}
		}

		private static String text(Optional<?> value) {
			return value.map(Object::toString).orElse("");
		}

	}

}
