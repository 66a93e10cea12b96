package dev.rampart.restapi;

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

@RestController
@RequestMapping("/api/v1")
class ProjectController {

	record ProjectRequest(@NotBlank @Size(max = Projects.NAME_MAX) @Nullable String name,
			@Size(max = Projects.DESCRIPTION_MAX) @Nullable String description) {
	}

	/** The person by {@code userId} or by {@code email}, one of them. */
	record MemberRequest(@Size(max = 254) @Nullable String email, @Size(max = 36) @Nullable String userId,
			@NotBlank @Size(max = 64) @Nullable String role) {
	}

	record RoleRequest(@NotBlank @Size(max = 64) @Nullable String role) {
	}

	private final Projects projects;

	ProjectController(Projects projects) {
		this.projects = projects;
	}

	@GetMapping("/orgs/{orgId}/projects")
	ListView<ProjectView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean archived) {
		return Views.list(projects.list(actor, new OrgId(orgId), archived), ProjectView::of);
	}

	@Audited("project.create")
	@PostMapping("/orgs/{orgId}/projects")
	ResponseEntity<ProjectView> create(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody ProjectRequest request) {
		ProjectView project = ProjectView.of(projects.create(actor, new OrgId(orgId), Inputs.required("name", request.name()),
				Objects.requireNonNullElse(request.description(), "")));
		return Views.created(project, "/api/v1/projects/{projectId}", project.id());
	}

	@GetMapping("/projects/{projectId}")
	ProjectView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return ProjectView.of(projects.get(actor, new ProjectId(projectId)));
	}

	@Audited("project.update")
	@PatchMapping("/projects/{projectId}")
	ProjectView update(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@RequestBody Map<String, Object> body) {
		return ProjectView.of(projects.update(actor, new ProjectId(projectId),
				Change.from(body, "name", false, Function.identity()),
				Change.from(body, "description", false, Function.identity())));
	}

	@Audited("project.archive")
	@PostMapping("/projects/{projectId}/archive")
	ProjectView archive(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return ProjectView.of(projects.archive(actor, new ProjectId(projectId)));
	}

	@Audited("project.restore")
	@PostMapping("/projects/{projectId}/restore")
	ProjectView restore(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return ProjectView.of(projects.restore(actor, new ProjectId(projectId)));
	}

	@Audited("project.delete")
	@DeleteMapping("/projects/{projectId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		projects.delete(actor, new ProjectId(projectId));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/projects/{projectId}/members")
	ListView<MemberView> members(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId) {
		return Views.list(projects.members(actor, new ProjectId(projectId)), MemberView::of);
	}

	@Audited("project.member.add")
	@PostMapping("/projects/{projectId}/members")
	ResponseEntity<MemberView> addMember(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@Valid @RequestBody MemberRequest request) {
		String role = Inputs.required("role", request.role());
		MemberView member = MemberView
			.of(projects.addMember(actor, new ProjectId(projectId), dev.rampart.shared.UserRef.of("userId", request.userId(), "email", request.email()), role));
		return Views.created(member, "/api/v1/projects/{projectId}/members/{userId}", projectId, member.userId());
	}

	@Audited("project.member.change-role")
	@PatchMapping("/projects/{projectId}/members/{userId}")
	MemberView changeRole(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId, @PathVariable UUID userId,
			@Valid @RequestBody RoleRequest request) {
		String role = Inputs.required("role", request.role());
		return MemberView.of(projects.changeRole(actor, new ProjectId(projectId), new UserId(userId), role));
	}

	@Audited("project.member.remove")
	@DeleteMapping("/projects/{projectId}/members/{userId}")
	ResponseEntity<Void> removeMember(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@PathVariable UUID userId) {
		projects.removeMember(actor, new ProjectId(projectId), new UserId(userId));
		return ResponseEntity.noContent().build();
	}

}
