package dev.rampart.restapi;

import dev.rampart.restapi.Views.ListView;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.UserId;
import dev.rampart.work.PageRequest;
import dev.rampart.work.Search;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Search across what the caller may see in an organization. */
@Tag(name = "Search", description = "Titles, descriptions and comments of the tasks you may see in an organization.")
@RestController
@RequestMapping("/api/v1")
class SearchController {

	record SearchHitView(UUID taskId, UUID projectId, @Nullable String key, String title, String status,
			String statusName, @Nullable UUID assigneeId, @Nullable String assigneeName, @Nullable LocalDate dueDate,
			Instant updatedAt, List<String> matchedIn) {
		static SearchHitView of(Search.Hit h) {
			return new SearchHitView(h.task().value(), h.project().value(), h.key().orElse(null), h.title(), h.status(),
					h.statusName(), h.assignee().map(UserId::value).orElse(null), h.assigneeName().orElse(null),
					h.dueDate().orElse(null), h.updatedAt(), List.copyOf(h.matchedIn()));
		}
	}

	private final Search search;

	SearchController(Search search) {
		this.search = search;
	}

	@Operation(operationId = "search", summary = "Search an organization's tasks you may see",
			description = "q: 1 to 8 words, each of which must occur in a task's title, description or one of its comments; a word of 3 letters or more also finds the words it starts (their first 10 letters are compared). Tasks whose title holds more of the words come first, then the most recently changed. matchedIn says where the words occur.")
	@GetMapping("/orgs/{orgId}/search")
	ListView<SearchHitView> search(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@RequestParam String q, @RequestParam Optional<UUID> projectId, @RequestParam Optional<String> status,
			@RequestParam Optional<UUID> assigneeId, @RequestParam Optional<UUID> labelId,
			@io.swagger.v3.oas.annotations.Parameter(schema = @io.swagger.v3.oas.annotations.media.Schema(
					format = "date")) @RequestParam Optional<String> dueFrom,
			@io.swagger.v3.oas.annotations.Parameter(schema = @io.swagger.v3.oas.annotations.media.Schema(
					format = "date")) @RequestParam Optional<String> dueTo,
			@RequestParam Optional<Integer> limit, @RequestParam Optional<String> cursor) {
		Search.Filter filter = new Search.Filter(projectId.map(ProjectId::new), status, assigneeId.map(UserId::new),
				labelId, dueFrom.map(d -> Inputs.date("dueFrom", d)), dueTo.map(d -> Inputs.date("dueTo", d)));
		return ListView.of(search.search(actor, new OrgId(orgId), q, filter,
				PageRequest.of(limit.orElse(null), cursor.orElse(null))), SearchHitView::of);
	}

}
