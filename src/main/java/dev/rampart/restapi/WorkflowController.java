package dev.rampart.restapi;

import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.work.Tasks;
import dev.rampart.work.Workflow;
import dev.rampart.work.WorkflowChange;
import dev.rampart.work.Workflows;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Workflows: a project's statuses and transitions, the organization's default, and the
 * statuses a task may move to now. A workflow is read and written whole; its ETag is its
 * revision.
 */
@Tag(name = "Workflows",
		description = "Statuses and the transitions allowed between them, per project, "
				+ "and each organization's default for new projects.")
@RestController
@RequestMapping("/api/v1")
class WorkflowController {

	private final Workflows workflows;

	private final Tasks tasks;

	WorkflowController(Workflows workflows, Tasks tasks) {
		this.workflows = workflows;
		this.tasks = tasks;
	}

	record StatusView(String key, String name, String colour, String category) {
		static StatusView of(Workflow.Status s) {
			return new StatusView(s.key(), s.name(), s.colour(), s.category().wireName());
		}
	}

	record TransitionView(String from, String to, List<String> roles) {
	}

	record StatusRequest(@Nullable String key, @Nullable String name, @Nullable String colour,
			@io.swagger.v3.oas.annotations.media.Schema(allowableValues = {
					"todo", "in_progress", "done" }) @Nullable String category){
	}

	record TransitionRequest(@Nullable String from, @Nullable String to, @Nullable List<String> roles) {
	}

	record ReplacementRequest(@Nullable String status, @Nullable String replacement) {
	}

	/**
	 * A whole workflow; checked by {@link WorkflowChange#parse}, every problem by JSON
	 * Pointer.
	 */
	record WorkflowRequest(@Nullable List<StatusRequest> statuses, @Nullable List<TransitionRequest> transitions,
			@Nullable List<ReplacementRequest> replacements) {

		Map<String, @Nullable Object> asInput() {
			Map<String, @Nullable Object> input = new java.util.HashMap<>();
			input.put("statuses",
					statuses == null ? null : statuses.stream()
						.map(s -> entries("key", s == null ? null : s.key(), "name", s == null ? null : s.name(),
								"colour", s == null ? null : s.colour(), "category", s == null ? null : s.category()))
						.toList());
			input.put("transitions", transitions == null ? null : transitions.stream().map(t -> {
				Map<String, @Nullable Object> entry = entries("from", t == null ? null : t.from(), "to",
						t == null ? null : t.to());
				entry.put("roles", t == null ? null : t.roles());
				return entry;
			}).toList());
			input.put("replacements",
					replacements == null ? null
							: replacements.stream()
								.map(r -> entries("status", r == null ? null : r.status(), "replacement",
										r == null ? null : r.replacement()))
								.toList());
			return input;
		}

		private static Map<String, @Nullable Object> entries(@Nullable Object... keysAndValues) {
			Map<String, @Nullable Object> entry = new java.util.HashMap<>();
			for (int i = 0; i < keysAndValues.length; i += 2) {
				entry.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
			}
			return entry;
		}
	}

	record WorkflowView(@Nullable UUID projectId, UUID organizationId, int revision, List<StatusView> statuses,
			List<TransitionView> transitions) {
		static WorkflowView of(Workflow w) {
			return new WorkflowView(w.project().map(ProjectId::value).orElse(null), w.org().value(), w.revision(),
					w.statuses().stream().map(StatusView::of).toList(),
					w.transitions().stream().map(t -> new TransitionView(t.from(), t.to(), t.roles())).toList());
		}
	}

	@Operation(operationId = "getProjectWorkflow", summary = "Read a project's workflow",
			description = "Its statuses in order (the first is where new tasks start) and the transitions allowed between them. Whoever may read the project. The ETag is the revision, for If-Match when changing it.")
	@GetMapping("/projects/{projectId}/workflow")
	ResponseEntity<WorkflowView> project(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return viewed(workflows.ofProject(actor, new ProjectId(projectId)));
	}

	@Audited("workflow.update")
	@Operation(operationId = "changeProjectWorkflow", summary = "Change a project's workflow",
			description = "The body is the whole workflow: statuses (key, name, colour, category todo, in_progress or done), transitions (from, to, optional roles: project role names) and, for each removed status that tasks still have, a replacement ({status, replacement}); without one, 409 status-in-use names those statuses. Every problem of the body is named by its JSON Pointer. Needs project.update; If-Match refuses a stale revision with 412.")
	@PutMapping("/projects/{projectId}/workflow")
	ResponseEntity<WorkflowView> changeProject(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody WorkflowRequest body) {
		return viewed(workflows.changeProject(actor, new ProjectId(projectId), revision(ifMatch),
				WorkflowChange.parse(body.asInput(), workflows.maxStatuses())));
	}

	@Operation(operationId = "getDefaultWorkflow", summary = "Read the organization's default workflow",
			description = "Copied into every new project. Members of the organization.")
	@GetMapping("/orgs/{orgId}/workflow")
	ResponseEntity<WorkflowView> organization(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return viewed(workflows.organizationDefault(actor, new OrgId(orgId)));
	}

	@Audited("workflow.update")
	@Operation(operationId = "changeDefaultWorkflow", summary = "Change the organization's default workflow",
			description = "For projects created from now on; existing projects keep theirs. Same body as a project's, without replacements. Owners and admins (org.update).")
	@PutMapping("/orgs/{orgId}/workflow")
	ResponseEntity<WorkflowView> changeOrganization(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody WorkflowRequest body) {
		return viewed(workflows.changeDefault(actor, new OrgId(orgId), revision(ifMatch),
				WorkflowChange.parse(body.asInput(), workflows.maxStatuses())));
	}

	@Operation(operationId = "listTaskTransitions", summary = "The statuses a task may move to now",
			description = "The transitions from its status that the caller may take (a transition limited to roles needs one of them in the project).")
	@GetMapping("/tasks/{taskId}/transitions")
	List<StatusView> transitions(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId) {
		TaskId task = new TaskId(taskId);
		return workflows.nextStatuses(actor, task, tasks.get(actor, task).status())
			.stream()
			.map(StatusView::of)
			.toList();
	}

	private static ResponseEntity<WorkflowView> viewed(Workflow workflow) {
		return ResponseEntity.ok().eTag(TemplateController.etag(workflow.revision())).body(WorkflowView.of(workflow));
	}

	private static int revision(@Nullable String ifMatch) {
		return TemplateController.revision(ifMatch).orElse(Workflows.ANY_REVISION);
	}

}
