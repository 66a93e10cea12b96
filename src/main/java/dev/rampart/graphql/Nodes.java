package dev.rampart.graphql;

import dev.rampart.access.Explanation;
import dev.rampart.access.Permission;
import dev.rampart.access.RoleDefinition;
import dev.rampart.identity.UserProfile;
import dev.rampart.work.Comment;
import dev.rampart.work.Member;
import dev.rampart.work.Organization;
import dev.rampart.work.Page;
import dev.rampart.work.Project;
import dev.rampart.work.RichText;
import dev.rampart.work.Task;
import dev.rampart.work.TaskGrant;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The GraphQL object types, as plain values (ids as strings, times as ISO-8601). */
final class Nodes {

	private Nodes() {
	}

	record Viewer(String id, String email, String displayName) {
		static Viewer of(UserProfile p) {
			return new Viewer(p.id().value().toString(), p.email(), p.displayName());
		}
	}

	record UserNode(String id, String email, String displayName) {
		static UserNode of(UserProfile p) {
			return new UserNode(p.id().value().toString(), p.email(), p.displayName());
		}
	}

	record OrganizationNode(String id, String name, String myRole, String createdAt, String updatedAt) {
		static OrganizationNode of(Organization o) {
			return new OrganizationNode(o.id().value().toString(), o.name(), o.myRole().wireName(),
					o.createdAt().toString(), o.updatedAt().toString());
		}
	}

	record ProjectNode(String id, String organizationId, String name, String description, @Nullable String key,
			String createdAt, String updatedAt, @Nullable String archivedAt, @Nullable TemplateOriginNode template) {
		static ProjectNode of(Project p) {
			return new ProjectNode(p.id().value().toString(), p.orgId().value().toString(), p.name(), p.description(),
					p.key().orElse(null), p.createdAt().toString(), p.updatedAt().toString(),
					p.archivedAt().map(Object::toString).orElse(null),
					p.template().map(t -> new TemplateOriginNode(t.template().toString(), t.version())).orElse(null));
		}
	}

	record TemplateOriginNode(String templateId, int version) {
	}

	record TaskNode(String id, String organizationId, String projectId, int number, @Nullable String key, String title,
			String description, String status, String priority, String visibility, @Nullable String startDate,
			@Nullable String dueDate, @Nullable Integer estimateMinutes, @Nullable String milestoneId,
			List<String> labelIds, int version, String createdAt, String updatedAt, @Nullable String assigneeId,
			@Nullable String assigneeName, String createdById, @Nullable String sprintId, @Nullable Integer storyPoints,
			String rank) {
		static TaskNode of(Task t) {
			return new TaskNode(t.id().value().toString(), t.orgId().value().toString(),
					t.projectId().value().toString(), t.number(), t.key().orElse(null), t.title(), t.description(),
					t.status().wireName(), t.priority().wireName(), t.visibility().wireName(),
					t.startDate().map(Object::toString).orElse(null), t.dueDate().map(Object::toString).orElse(null),
					t.estimateMinutes().orElse(null), t.milestone().map(Object::toString).orElse(null),
					t.labels().stream().map(Object::toString).toList(), t.version(), t.createdAt().toString(),
					t.updatedAt().toString(), t.assignee().map(a -> a.value().toString()).orElse(null),
					t.assigneeName().orElse(null), t.createdBy().value().toString(),
					t.placement().sprint().map(Object::toString).orElse(null), t.placement().storyPoints().orElse(null),
					t.placement().rank());
		}

		/**
		 * A task is its id: batch loaders key their maps by node, and hashing every field
		 * of a hundred nodes (descriptions included) showed in the board's profile.
		 */
		@Override
		public boolean equals(Object other) {
			return other instanceof TaskNode node && node.id.equals(id) && node.version == version;
		}

		@Override
		public int hashCode() {
			return id.hashCode();
		}
	}

	record MilestoneNode(String id, String projectId, String name, @Nullable String dueDate, String state,
			int taskCount, int doneCount, String createdAt, String updatedAt) {
		static MilestoneNode of(dev.rampart.work.Milestone m) {
			return new MilestoneNode(m.id().toString(), m.projectId().value().toString(), m.name(),
					m.dueDate().map(Object::toString).orElse(null), m.state().wireName(), m.taskCount(), m.doneCount(),
					m.createdAt().toString(), m.updatedAt().toString());
		}
	}

	record LabelNode(String id, String name, String colour) {
		static LabelNode of(dev.rampart.work.Label l) {
			return new LabelNode(l.id().toString(), l.name(), l.colour());
		}
	}

	record MemberNode(UserNode user, String role, String addedAt) {
		static MemberNode of(Member m) {
			return new MemberNode(new UserNode(m.userId().value().toString(), m.email(), m.displayName()), m.role(),
					m.addedAt().toString());
		}
	}

	record CommentNode(String id, String taskId, String authorId, @Nullable String authorName, String body,
			String bodyHtml, String createdAt, @Nullable String editedAt) {
		static CommentNode of(Comment c) {
			return new CommentNode(c.id().value().toString(), c.taskId().value().toString(),
					c.authorId().value().toString(), c.authorName().orElse(null), c.body(), RichText.html(c.body()),
					c.createdAt().toString(), c.editedAt().map(Object::toString).orElse(null));
		}
	}

	record ChecklistItemNode(String id, String taskId, int position, String text, boolean done,
			@Nullable String doneById, @Nullable String doneAt, String createdAt, String updatedAt) {
		static ChecklistItemNode of(dev.rampart.work.ChecklistItem i) {
			return new ChecklistItemNode(i.id().toString(), i.taskId().value().toString(), i.position(), i.text(),
					i.done(), i.doneBy().map(u -> u.value().toString()).orElse(null),
					i.doneAt().map(Object::toString).orElse(null), i.createdAt().toString(), i.updatedAt().toString());
		}
	}

	record AttachmentNode(String id, String fileName, String contentType, double sizeBytes, String sha256,
			String uploadedBy, String createdAt, String downloadUrl) {
		static AttachmentNode of(dev.rampart.work.Attachment a) {
			return new AttachmentNode(a.id().toString(), a.fileName(), a.contentType(), a.sizeBytes(), a.sha256(),
					a.uploadedBy().value().toString(), a.createdAt().toString(), "/api/v1/attachments/" + a.id());
		}
	}

	record GrantNode(String id, UserNode user, String role, @Nullable String expiresAt, String createdAt) {
		static GrantNode of(TaskGrant g) {
			return new GrantNode(g.id().toString(),
					new UserNode(g.user().value().toString(), g.email(), g.displayName()), g.role().wireName(),
					g.expiresAt().map(Object::toString).orElse(null), g.createdAt().toString());
		}
	}

	record RoleNode(String id, String name, boolean builtIn, List<String> permissions) {
		static RoleNode of(RoleDefinition r) {
			return new RoleNode(r.id().toString(), r.name(), r.builtIn(),
					r.permissions().stream().map(Permission::action).toList());
		}
	}

	record ExplanationNode(String action, String resourceKind, String resourceId, String organizationId, String userId,
			String userEmail, boolean allowed, String reason) {
		static ExplanationNode of(Explanation e) {
			return new ExplanationNode(e.permission().action(), e.resource().kind(), e.resource().id().toString(),
					e.resource().org().value().toString(), e.user().value().toString(), e.userEmail(),
					e.decision().allowed(), e.decision().reason());
		}
	}

	/**
	 * Forward-only pages: there is a previous page exactly when the caller continued from
	 * a cursor.
	 */
	record PageInfo(boolean hasNextPage, @Nullable String endCursor, boolean hasPreviousPage,
			@Nullable String startCursor) {
	}

	record Edge<T>(String cursor, T node) {
	}

	/**
	 * Relay's connection shape ({@code edges}) with the plain {@code nodes} list kept for
	 * existing clients.
	 */
	record Connection<T>(List<Edge<T>> edges, List<T> nodes, PageInfo pageInfo) {

		static <S, T> Connection<T> of(Page<S> page, Function<S, T> node, @Nullable String after) {
			List<T> nodes = page.items().stream().map(node).toList();
			return of(nodes, page.cursors(), page.nextCursor().isPresent(), after);
		}

		static <T> Connection<T> of(List<T> nodes, List<String> cursors, boolean hasNextPage, @Nullable String after) {
			List<Edge<T>> edges = new java.util.ArrayList<>(nodes.size());
			for (int i = 0; i < nodes.size(); i++) {
				edges.add(new Edge<>(cursors.get(i), nodes.get(i)));
			}
			return new Connection<>(edges, nodes,
					new PageInfo(hasNextPage, cursors.isEmpty() ? null : cursors.get(cursors.size() - 1), after != null,
							cursors.isEmpty() ? null : cursors.get(0)));
		}

	}

	record AuditEntryNode(String seq, String at, @Nullable String actorId, @Nullable String actorName,
			@Nullable String tokenId, String action, @Nullable String targetKind, @Nullable String targetId,
			String outcome, @Nullable String address, @Nullable String userAgent, @Nullable String requestId,
			String data, @Nullable String detail, String prevHash, String hash) {
		static AuditEntryNode of(dev.rampart.audit.AuditEntry e, @Nullable String actorName) {
			java.util.HexFormat hex = java.util.HexFormat.of();
			return new AuditEntryNode(Long.toString(e.seq()), e.at().toString(),
					e.actorId() == null ? null : e.actorId().toString(), actorName,
					e.tokenId() == null ? null : e.tokenId().toString(), e.action(), e.targetKind(), e.targetId(),
					e.outcome(), e.address(), e.userAgent(), e.requestId(), e.data(), e.detail(),
					hex.formatHex(e.prevHash()), hex.formatHex(e.hash()));
		}
	}

}
