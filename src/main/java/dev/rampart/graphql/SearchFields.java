package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.Connection;
import dev.rampart.graphql.Nodes.OrganizationNode;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.UserId;
import dev.rampart.work.PageRequest;
import dev.rampart.work.Search;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/** Search across an organization: the same service and decision as REST's. */
@Controller
class SearchFields {

	private final Search search;

	SearchFields(Search search) {
		this.search = search;
	}

	record SearchHitNode(String taskId, String projectId, @Nullable String key, String title, String status,
			String statusName, @Nullable String assigneeName, @Nullable String dueDate, String updatedAt,
			List<String> matchedIn) {
		static SearchHitNode of(Search.Hit h) {
			return new SearchHitNode(h.task().value().toString(), h.project().value().toString(), h.key().orElse(null),
					h.title(), h.status(), h.statusName(), h.assigneeName().orElse(null),
					h.dueDate().map(Object::toString).orElse(null), h.updatedAt().toString(),
					List.copyOf(h.matchedIn()));
		}
	}

	@SchemaMapping(typeName = "Organization")
	Connection<SearchHitNode> search(OrganizationNode organization, @AuthenticationPrincipal Actor actor,
			@Argument String query, @Argument @Nullable String projectId, @Argument @Nullable String status,
			@Argument @Nullable String assigneeId, @Argument @Nullable String labelId,
			@Argument @Nullable String dueFrom, @Argument @Nullable String dueTo, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		Search.Filter filter = new Search.Filter(
				Optional.ofNullable(projectId).map(p -> new ProjectId(Inputs.uuid("projectId", p))),
				Optional.ofNullable(status),
				Optional.ofNullable(assigneeId).map(a -> new UserId(Inputs.uuid("assigneeId", a))),
				Optional.ofNullable(labelId).map(l -> Inputs.uuid("labelId", l)),
				Optional.ofNullable(dueFrom).map(d -> Inputs.date("dueFrom", d)),
				Optional.ofNullable(dueTo).map(d -> Inputs.date("dueTo", d)));
		return Connection.of(search.search(actor, new OrgId(Inputs.uuid("id", organization.id())), query, filter,
				PageRequest.connection(first, after)), SearchHitNode::of, after);
	}

}
