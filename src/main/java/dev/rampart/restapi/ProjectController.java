package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.shared.Audited;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.rampart.work.Projects;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.restapi.Views.MemberView;
import dev.rampart.restapi.Views.ProjectView;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.Actor;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.UserId;
import dev.rampart.work.Change;
import dev.rampart.work.Projects;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Projects", description = "Projects and their members.")
@RestController
@RequestMapping("/api/v1")
class ProjectController {

	record ProjectRequest(@NotBlank @Size(max = Projects.NAME_MAX) @Nullable String name,
			@Size(max = Projects.DESCRIPTION_MAX) @Nullable String description,
			@io.swagger.v3.oas.annotations.media.Schema(
					description = "Prefix of the tasks' keys (WEB of WEB-42): 2 to 10 capital letters or digits; derived from the name if left out.") @Size(
							max = 10) @Nullable String key) {
	}

	/** The person by {@code userId} or by {@code email}, one of them. */
	record MemberRequest(@Size(max = 254) @Nullable String email, @Size(max = 36) @Nullable String userId,
			@NotBlank @Size(max = 64) @Nullable String role) {
	}

	record RoleRequest(@NotBlank @Size(max = 64) @Nullable String role) {
	}

	/**
	 * A project change as a JSON merge patch (documentation of the body): fields left out
	 * keep their value.
	 */
	record ProjectPatch(@Nullable String name, @Nullable String description, @Nullable String key) {
	}

	private final Projects projects;

	ProjectController(Projects projects) {
		this.projects = projects;
	}

	@Operation(operationId = "listProjects", summary = "List the organization's projects you can see",
			description = "Archived projects only with `archived=true`.")
	@GetMapping("/orgs/{orgId}/projects")
	ListView<ProjectView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean archived) {
		return Views.list(projects.list(actor, new OrgId(orgId), archived), ProjectView::of);
	}

	@Audited("project.create")
	@Operation(operationId = "createProject", summary = "Create a project", description = "You become its manager.")
	@PostMapping("/orgs/{orgId}/projects")
	ResponseEntity<ProjectView> create(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody ProjectRequest request) {
		ProjectView project = ProjectView.of(projects.create(actor, new OrgId(orgId),
				Inputs.required("name", request.name()), Objects.requireNonNullElse(request.description(), ""),
				java.util.Optional.ofNullable(request.key())));
		return Views.created(project, "/api/v1/projects/{projectId}", project.id());
	}

	@Operation(operationId = "getProject", summary = "Read a project")
	@GetMapping("/projects/{projectId}")
	ProjectView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return ProjectView.of(projects.get(actor, new ProjectId(projectId)));
	}

	@Audited("project.update")
	@Operation(operationId = "updateProject", summary = "Change a project's name or description",
			description = "A JSON merge patch: fields left out keep their value.")
	@PatchMapping("/projects/{projectId}")
	ProjectView update(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @io.swagger.v3.oas.annotations.media.Content(
							schema = @io.swagger.v3.oas.annotations.media.Schema(
									implementation = ProjectPatch.class))) @RequestBody Map<String, Object> body) {
		return ProjectView
			.of(projects.update(actor, new ProjectId(projectId), Change.from(body, "name", false, Function.identity()),
					Change.from(body, "description", false, Function.identity()),
					Change.from(body, "key", false, Function.identity())));
	}

	@Audited("project.archive")
	@Operation(operationId = "archiveProject", summary = "Archive a project",
			description = "It stays readable; every change to it is refused (409) until it is restored, and it leaves the default lists.")
	@PostMapping("/projects/{projectId}/archive")
	ProjectView archive(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return ProjectView.of(projects.archive(actor, new ProjectId(projectId)));
	}

	@Audited("project.restore")
	@Operation(operationId = "restoreProject", summary = "Restore an archived project")
	@PostMapping("/projects/{projectId}/restore")
	ProjectView restore(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return ProjectView.of(projects.restore(actor, new ProjectId(projectId)));
	}

	@Audited("project.delete")
	@Operation(operationId = "deleteProject", summary = "Delete an archived project",
			description = "With its tasks and comments; only an archived project (409 otherwise), after a step-up.")
	@DeleteMapping("/projects/{projectId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		projects.delete(actor, new ProjectId(projectId));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listProjectMembers", summary = "List the project's members")
	@GetMapping("/projects/{projectId}/members")
	ListView<MemberView> members(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return Views.list(projects.members(actor, new ProjectId(projectId)), MemberView::of);
	}

	@Audited("project.member.add")
	@Operation(operationId = "addProjectMember", summary = "Add a member of the organization to the project",
			description = "By `email` or by `userId`, with a built-in or custom project role.")
	@PostMapping("/projects/{projectId}/members")
	ResponseEntity<MemberView> addMember(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@Valid @RequestBody MemberRequest request) {
		String role = Inputs.required("role", request.role());
		MemberView member = MemberView.of(projects.addMember(actor, new ProjectId(projectId),
				dev.rampart.shared.UserRef.of("userId", request.userId(), "email", request.email()), role));
		return Views.created(member, "/api/v1/projects/{projectId}/members/{userId}", projectId, member.userId());
	}

	@Audited("project.member.change-role")
	@Operation(operationId = "changeProjectMemberRole", summary = "Change a project member's role",
			description = "Needs a step-up.")
	@PatchMapping("/projects/{projectId}/members/{userId}")
	MemberView changeRole(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId, @PathVariable UUID userId,
			@Valid @RequestBody RoleRequest request) {
		String role = Inputs.required("role", request.role());
		return MemberView.of(projects.changeRole(actor, new ProjectId(projectId), new UserId(userId), role));
	}

	@Audited("project.member.remove")
	@Operation(operationId = "removeProjectMember", summary = "Remove a project member")
	@DeleteMapping("/projects/{projectId}/members/{userId}")
	ResponseEntity<Void> removeMember(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@PathVariable UUID userId) {
		projects.removeMember(actor, new ProjectId(projectId), new UserId(userId));
		return ResponseEntity.noContent().build();
	}

}
