package dev.rampart.restapi;

import dev.rampart.work.Comment;
import org.springframework.http.ResponseEntity;
import dev.rampart.work.Member;
import dev.rampart.work.Organization;
import dev.rampart.work.Page;
import dev.rampart.work.Project;
import dev.rampart.access.Explanation;
import dev.rampart.access.Permission;
import dev.rampart.access.RoleDefinition;
import dev.rampart.work.RichText;
import dev.rampart.work.Task;
import dev.rampart.work.TaskGrant;
import dev.rampart.work.TaskHistoryEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The JSON representations of the API, one record per resource. */
final class Views {

	private Views() {
	}

	record OrganizationView(UUID id, String name, String myRole, Instant createdAt, Instant updatedAt,
			boolean requireMfa) {
		static OrganizationView of(Organization o) {
			return new OrganizationView(o.id().value(), o.name(), o.myRole().wireName(), o.createdAt(), o.updatedAt(),
					o.requireMfa());
		}
	}

	record MemberView(UUID userId, String email, String displayName, String role, Instant addedAt) {
		static MemberView of(Member m) {
			return new MemberView(m.userId().value(), m.email(), m.displayName(), m.role(), m.addedAt());
		}
	}

	/**
	 * {@code archivedAt}: set while the project is archived (read-only);
	 * {@code template}: the template version it was started from.
	 */
	record ProjectView(UUID id, UUID orgId, String name, String description, @Nullable String key, Instant createdAt,
			Instant updatedAt, @Nullable Instant archivedAt, @Nullable TemplateOriginView template) {
		static ProjectView of(Project p) {
			return new ProjectView(p.id().value(), p.orgId().value(), p.name(), p.description(), p.key().orElse(null),
					p.createdAt(), p.updatedAt(), p.archivedAt().orElse(null),
					p.template().map(t -> new TemplateOriginView(t.template(), t.version())).orElse(null));
		}
	}

	record TemplateOriginView(UUID templateId, int version) {
	}

	/** A process template with its versions, newest first (documents not included). */
	record TemplateView(UUID id, UUID orgId, String name, Instant createdAt, Instant updatedAt,
			List<TemplateVersionSummaryView> versions) {
		static TemplateView of(dev.rampart.work.ProcessTemplate t) {
			return new TemplateView(t.id(), t.org().value(), t.name(), t.createdAt(), t.updatedAt(),
					t.versions().stream().map(TemplateVersionSummaryView::of).toList());
		}
	}

	/** {@code revision}: how many times a draft was saved (its ETag). */
	record TemplateVersionSummaryView(int number, String state, int stepCount, int revision, UUID createdBy,
			Instant createdAt, UUID updatedBy, Instant updatedAt, @Nullable UUID publishedBy,
			@Nullable Instant publishedAt) {
		static TemplateVersionSummaryView of(dev.rampart.work.TemplateVersion.Summary v) {
			return new TemplateVersionSummaryView(v.number(), v.state().wireName(), v.stepCount(), v.revision(),
					v.createdBy().value(), v.createdAt(), v.updatedBy().value(), v.updatedAt(),
					v.publishedBy().map(dev.rampart.shared.UserId::value).orElse(null), v.publishedAt().orElse(null));
		}
	}

	/** A version with its document (format rampart.process-template/1). */
	record TemplateVersionView(UUID templateId, int number, String state, int stepCount, int revision,
			Instant updatedAt, @Nullable Instant publishedAt, tools.jackson.databind.JsonNode document) {
		static TemplateVersionView of(dev.rampart.work.TemplateVersion v) {
			var s = v.summary();
			return new TemplateVersionView(s.templateId(), s.number(), s.state().wireName(), s.stepCount(),
					s.revision(), s.updatedAt(), s.publishedAt().orElse(null), v.document().toJson());
		}
	}

	/**
	 * {@code description} is the Markdown source, {@code descriptionHtml} its sanitised
	 * rendering.
	 */
	record TaskView(UUID id, UUID orgId, UUID projectId, int number, @Nullable String key, String title,
			String description, String descriptionHtml, String status, String priority, String visibility,
			@Nullable UUID assigneeId, @Nullable String assigneeName, @Nullable LocalDate startDate,
			@Nullable LocalDate dueDate, @Nullable Integer estimateMinutes, @Nullable UUID milestoneId,
			List<UUID> labelIds, UUID createdBy, Instant createdAt, UUID updatedBy, Instant updatedAt, int version,
			@Nullable UUID sprintId, @Nullable Integer storyPoints, String rank) {
		static TaskView of(Task t) {
			return new TaskView(t.id().value(), t.orgId().value(), t.projectId().value(), t.number(),
					t.key().orElse(null), t.title(), t.description(), RichText.html(t.description()),
					t.status().wireName(), t.priority().wireName(), t.visibility().wireName(),
					t.assignee().map(a -> a.value()).orElse(null), t.assigneeName().orElse(null),
					t.startDate().orElse(null), t.dueDate().orElse(null), t.estimateMinutes().orElse(null),
					t.milestone().orElse(null), t.labels(), t.createdBy().value(), t.createdAt(), t.updatedBy().value(),
					t.updatedAt(), t.version(), t.placement().sprint().orElse(null),
					t.placement().storyPoints().orElse(null), t.placement().rank());
		}
	}

	/** {@code body} is the Markdown source, {@code bodyHtml} its sanitised rendering. */
	record CommentView(UUID id, UUID taskId, UUID authorId, @Nullable String authorName, String body, String bodyHtml,
			Instant createdAt, @Nullable Instant editedAt) {
		static CommentView of(Comment c) {
			return new CommentView(c.id().value(), c.taskId().value(), c.authorId().value(),
					c.authorName().orElse(null), c.body(), RichText.html(c.body()), c.createdAt(),
					c.editedAt().orElse(null));
		}
	}

	record HistoryValueView(String value, @Nullable String label) {
		static @Nullable HistoryValueView of(java.util.Optional<TaskHistoryEntry.Value> value) {
			return value.map(v -> new HistoryValueView(v.value(), v.label().orElse(null))).orElse(null);
		}
	}

	record HistoryEntryView(UUID id, Instant at, @Nullable UUID actorId, @Nullable String actorName, String field,
			@Nullable HistoryValueView from, @Nullable HistoryValueView to) {
		static HistoryEntryView of(TaskHistoryEntry e) {
			return new HistoryEntryView(e.id(), e.at(), e.actor().map(dev.rampart.shared.UserId::value).orElse(null),
					e.actorName().orElse(null), e.field(), HistoryValueView.of(e.from()), HistoryValueView.of(e.to()));
		}
	}

	record GrantView(UUID id, UUID taskId, UUID userId, String email, String displayName, String role,
			@Nullable Instant expiresAt, UUID grantedBy, Instant createdAt) {
		static GrantView of(TaskGrant g) {
			return new GrantView(g.id(), g.task().value(), g.user().value(), g.email(), g.displayName(),
					g.role().wireName(), g.expiresAt().orElse(null), g.grantedBy().value(), g.createdAt());
		}
	}

	/** A task another one depends on, or that depends on it. */
	record LinkedTaskView(UUID id, UUID projectId, String title, String status) {
		static LinkedTaskView of(Task t) {
			return new LinkedTaskView(t.id().value(), t.projectId().value(), t.title(), t.status().wireName());
		}
	}

	record DependenciesView(List<LinkedTaskView> blockedBy, List<LinkedTaskView> blocks) {
		static DependenciesView of(dev.rampart.work.TaskLinks links) {
			return new DependenciesView(links.blockedBy().stream().map(LinkedTaskView::of).toList(),
					links.blocks().stream().map(LinkedTaskView::of).toList());
		}
	}

	/**
	 * A milestone with its progress as the reader sees it ({@code doneCount}: tasks in a
	 * status of the done category).
	 */
	record MilestoneView(UUID id, UUID projectId, String name, @Nullable LocalDate dueDate, String state, int taskCount,
			int doneCount, Instant createdAt, Instant updatedAt) {
		static MilestoneView of(dev.rampart.work.Milestone m) {
			return new MilestoneView(m.id(), m.projectId().value(), m.name(), m.dueDate().orElse(null),
					m.state().wireName(), m.taskCount(), m.doneCount(), m.createdAt(), m.updatedAt());
		}
	}

	record LabelView(UUID id, UUID orgId, String name, String colour, Instant createdAt, Instant updatedAt) {
		static LabelView of(dev.rampart.work.Label l) {
			return new LabelView(l.id(), l.orgId().value(), l.name(), l.colour(), l.createdAt(), l.updatedAt());
		}
	}

	record ChecklistItemView(UUID id, UUID taskId, int position, String text, boolean done, @Nullable UUID doneBy,
			@Nullable Instant doneAt, UUID createdBy, Instant createdAt, Instant updatedAt) {
		static ChecklistItemView of(dev.rampart.work.ChecklistItem i) {
			return new ChecklistItemView(i.id(), i.taskId().value(), i.position(), i.text(), i.done(),
					i.doneBy().map(dev.rampart.shared.UserId::value).orElse(null), i.doneAt().orElse(null),
					i.createdBy().value(), i.createdAt(), i.updatedAt());
		}
	}

	record AttachmentView(UUID id, UUID taskId, String fileName, String contentType, long sizeBytes, String sha256,
			UUID uploadedBy, Instant createdAt, String downloadUrl) {
		static AttachmentView of(dev.rampart.work.Attachment a) {
			return new AttachmentView(a.id().value(), a.task().value(), a.fileName(), a.contentType(), a.sizeBytes(),
					a.sha256(), a.uploadedBy().value(), a.createdAt(), "/api/v1/attachments/" + a.id());
		}
	}

	record RoleView(UUID id, String name, boolean builtIn, List<String> permissions, @Nullable Instant createdAt) {
		static RoleView of(RoleDefinition r) {
			return new RoleView(r.id(), r.name(), r.builtIn(),
					r.permissions().stream().map(Permission::action).toList(), r.createdAt().orElse(null));
		}
	}

	record ExplanationView(String action, String resourceKind, UUID resourceId, UUID orgId, UUID userId,
			String userEmail, boolean allowed, String reason) {
		static ExplanationView of(Explanation e) {
			return new ExplanationView(e.permission().action(), e.resource().kind(), e.resource().id(),
					e.resource().org().value(), e.user().value(), e.userEmail(), e.decision().allowed(),
					e.decision().reason());
		}
	}

	/**
	 * Every list the API returns has this one shape: the items, and the cursor of the
	 * next page (to pass as {@code after}), null on the last page and for lists that are
	 * never paged.
	 */
	record ListView<T>(List<T> items, @Nullable String next) {

		static <S, T> ListView<T> of(Page<S> page, Function<S, T> view) {
			return new ListView<>(page.items().stream().map(view).toList(), page.nextCursor().orElse(null));
		}

	}

	/**
	 * A 201 answer whose {@code Location} names the new resource (a path on this server),
	 * so a client can find it without building URLs from ids.
	 */
	static <T> ResponseEntity<T> created(T body, String pathTemplate, Object... ids) {
		return ResponseEntity.created(
				org.springframework.web.util.UriComponentsBuilder.fromPath(pathTemplate).buildAndExpand(ids).toUri())
			.body(body);
	}

	static <S, T> ListView<T> list(List<S> items, Function<S, T> view) {
		return new ListView<>(items.stream().map(view).toList(), null);
	}

}
