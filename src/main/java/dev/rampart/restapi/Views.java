package dev.rampart.restapi;

import dev.rampart.work.Comment;
import dev.rampart.work.Member;
import dev.rampart.work.Organization;
import dev.rampart.work.Page;
import dev.rampart.work.Project;
import dev.rampart.work.Task;
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

	record OrganizationView(UUID id, String name, String myRole, Instant createdAt, Instant updatedAt) {
		static OrganizationView of(Organization o) {
			return new OrganizationView(o.id().value(), o.name(), o.myRole().wireName(), o.createdAt(), o.updatedAt());
		}
	}

	record MemberView(UUID userId, String email, String displayName, String role, Instant addedAt) {
		static MemberView of(Member m) {
			return new MemberView(m.userId().value(), m.email(), m.displayName(), m.role(), m.addedAt());
		}
	}

	record ProjectView(UUID id, UUID orgId, String name, String description, Instant createdAt, Instant updatedAt) {
		static ProjectView of(Project p) {
			return new ProjectView(p.id().value(), p.orgId().value(), p.name(), p.description(), p.createdAt(),
					p.updatedAt());
		}
	}

	record TaskView(UUID id, UUID projectId, String title, String description, String status, String priority,
			@Nullable UUID assigneeId, @Nullable LocalDate dueDate, UUID createdBy, Instant createdAt, UUID updatedBy,
			Instant updatedAt, int version) {
		static TaskView of(Task t) {
			return new TaskView(t.id().value(), t.projectId().value(), t.title(), t.description(), t.status().wireName(),
					t.priority().wireName(), t.assignee().map(a -> a.value()).orElse(null), t.dueDate().orElse(null),
					t.createdBy().value(), t.createdAt(), t.updatedBy().value(), t.updatedAt(), t.version());
		}
	}

	record CommentView(UUID id, UUID taskId, UUID authorId, String body, Instant createdAt) {
		static CommentView of(Comment c) {
			return new CommentView(c.id().value(), c.taskId().value(), c.authorId().value(), c.body(), c.createdAt());
		}
	}

	record ListView<T>(List<T> items) {
	}

	record PageView<T>(List<T> items, @Nullable String nextCursor) {
		static <S, T> PageView<T> of(Page<S> page, Function<S, T> view) {
			return new PageView<>(page.items().stream().map(view).toList(), page.nextCursor().orElse(null));
		}
	}

	static <S, T> ListView<T> list(List<S> items, Function<S, T> view) {
		return new ListView<>(items.stream().map(view).toList());
	}

}
