package dev.rampart.restapi;

import dev.rampart.shared.Audited;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.restapi.Views.ProjectView;
import dev.rampart.restapi.Views.TemplateVersionView;
import dev.rampart.restapi.Views.TemplateView;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserRef;
import dev.rampart.work.ProcessTemplates;
import dev.rampart.work.Projects;
import dev.rampart.work.ProjectsFromTemplates;
import dev.rampart.work.TemplateDocument;
import dev.rampart.work.TemplateSchema;
import dev.rampart.work.TemplateVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Process templates: their versions, the JSON document of each (import and export against
 * the published schema), and starting a project from a published version.
 */
@Tag(name = "Templates",
		description = "Process templates of an organization: versions, JSON import and export, new projects from them.")
@RestController
@RequestMapping("/api/v1")
class TemplateController {

	private static final Pattern ENTITY_TAG = Pattern.compile("\"(\\d{1,9})\"");

	record StartMemberRequest(@Nullable UUID userId, @Size(max = 320) @Nullable String email,
			@NotBlank @Size(max = 100) @Nullable String role) {
	}

	record StartProjectRequest(@NotNull @Nullable UUID templateId, @NotNull @Nullable Integer version,
			@NotBlank @Size(max = Projects.NAME_MAX) @Nullable String name, @Size(max = 10) @Nullable String key,
			@io.swagger.v3.oas.annotations.media.Schema(format = "date") @NotBlank @Size(
					max = 10) @Nullable String startDate,
			@Size(max = ProjectsFromTemplates.MAX_MEMBERS) @Nullable List<@Valid StartMemberRequest> members) {
	}

	/** The project started, and what the template made in it. */
	record StartedView(ProjectView project, int milestones, int tasks, int dependencies, int assigned) {
	}

	private final ProcessTemplates templates;

	private final ProjectsFromTemplates starts;

	private final TemplateSchema schema;

	TemplateController(ProcessTemplates templates, ProjectsFromTemplates starts, TemplateSchema schema) {
		this.templates = templates;
		this.starts = starts;
		this.schema = schema;
	}

	@Operation(operationId = "getProcessTemplateSchema", summary = "The JSON Schema of process template documents",
			description = "Public: what an import is checked against (format rampart.process-template/1).")
	@GetMapping(value = "/schemas/process-template-v1.json", produces = "application/schema+json")
	ResponseEntity<String> schema() {
		return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/schema+json")).body(schema.text());
	}

	@Operation(operationId = "listTemplates", summary = "List an organization's process templates",
			description = "Owners, admins and members; each with its versions, newest first.")
	@GetMapping("/orgs/{orgId}/templates")
	ListView<TemplateView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId) {
		return Views.list(templates.list(actor, new OrgId(orgId)), TemplateView::of);
	}

	@Audited("template.create")
	@Operation(operationId = "createTemplate", summary = "Create or import a process template",
			description = "The body is a template document (the schema at /api/v1/schemas/process-template-v1.json); it becomes the template's first version, a draft. Every problem is named by its JSON Pointer. Owners and admins.")
	@PostMapping("/orgs/{orgId}/templates")
	ResponseEntity<TemplateView> create(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@RequestBody JsonNode document) {
		TemplateDocument valid = schema.read(document);
		TemplateView template = TemplateView.of(templates.create(actor, new OrgId(orgId), valid));
		return Views.created(template, "/api/v1/templates/{templateId}", template.id());
	}

	@Operation(operationId = "getTemplate", summary = "Read a process template", description = "With its versions.")
	@GetMapping("/templates/{templateId}")
	TemplateView get(@AuthenticationPrincipal Actor actor, @PathVariable UUID templateId) {
		return TemplateView.of(templates.get(actor, templateId));
	}

	@Audited("template.delete")
	@Operation(operationId = "deleteTemplate", summary = "Delete a process template",
			description = "With every version. Projects started from it keep their tasks.")
	@DeleteMapping("/templates/{templateId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID templateId) {
		templates.delete(actor, templateId);
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "getTemplateVersion", summary = "Read a version of a template with its document",
			description = "A draft's ETag is its revision, for If-Match when saving or publishing.")
	@GetMapping("/templates/{templateId}/versions/{number}")
	ResponseEntity<TemplateVersionView> version(@AuthenticationPrincipal Actor actor, @PathVariable UUID templateId,
			@PathVariable int number) {
		TemplateVersion version = templates.version(actor, templateId, number);
		return ResponseEntity.ok().eTag(etag(version.summary().revision())).body(TemplateVersionView.of(version));
	}

	@Operation(operationId = "exportTemplateVersion", summary = "Export a version as a JSON document",
			description = "The document alone, as a download; importing it into any organization makes a new template.")
	@GetMapping(value = "/templates/{templateId}/versions/{number}/export", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> export(@AuthenticationPrincipal Actor actor, @PathVariable UUID templateId,
			@PathVariable int number) {
		TemplateVersion version = templates.version(actor, templateId, number);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("process-template-v" + number + ".json")
						.build()
						.toString())
			.body(templates.export(version));
	}

	@Audited("template.update")
	@Operation(operationId = "saveTemplateDraft", summary = "Save the draft of a template",
			description = "Replaces the draft's document, or starts the next version's draft when every version is published. With If-Match (the draft's revision), refused with 412 if someone saved meanwhile.")
	@PutMapping("/templates/{templateId}/draft")
	ResponseEntity<TemplateVersionView> saveDraft(@AuthenticationPrincipal Actor actor, @PathVariable UUID templateId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody JsonNode document) {
		TemplateDocument valid = schema.read(document);
		TemplateVersion saved = templates.saveDraft(actor, templateId, valid, revision(ifMatch));
		return ResponseEntity.ok().eTag(etag(saved.summary().revision())).body(TemplateVersionView.of(saved));
	}

	@Audited("template.update")
	@Operation(operationId = "discardTemplateDraft", summary = "Discard the draft of a template",
			description = "The published versions stay.")
	@DeleteMapping("/templates/{templateId}/draft")
	TemplateView discardDraft(@AuthenticationPrincipal Actor actor, @PathVariable UUID templateId) {
		return TemplateView.of(templates.discardDraft(actor, templateId));
	}

	@Audited("template.publish")
	@Operation(operationId = "publishTemplate", summary = "Publish the draft of a template",
			description = "It becomes a version that never changes again. With If-Match, only the revision you reviewed.")
	@PostMapping("/templates/{templateId}/publish")
	TemplateVersionView publish(@AuthenticationPrincipal Actor actor, @PathVariable UUID templateId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return TemplateVersionView.of(templates.publish(actor, templateId, revision(ifMatch)));
	}

	@Audited("project.create")
	@Operation(operationId = "startProjectFromTemplate", summary = "Start a project from a published template version",
			description = "One transaction: phases become milestones, steps tasks with their checklists, dependencies, dates in working days and assignees (the one member holding the step's role). Needs project.create and template.read.")
	@PostMapping("/orgs/{orgId}/projects/from-template")
	ResponseEntity<StartedView> start(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Valid @RequestBody StartProjectRequest request) {
		List<StartMemberRequest> named = Optional.ofNullable(request.members()).orElse(List.of());
		List<ProjectsFromTemplates.StartMember> members = new java.util.ArrayList<>();
		for (int i = 0; i < named.size(); i++) {
			StartMemberRequest m = named.get(i);
			String at = "members[" + i + "].";
			members.add(new ProjectsFromTemplates.StartMember(UserRef.of(at + "userId",
					m.userId() == null ? null : m.userId().toString(), at + "email", m.email()),
					Inputs.required(at + "role", m.role())));
		}
		var started = starts.start(actor, new OrgId(orgId),
				new ProjectsFromTemplates.Start(Inputs.required("templateId", request.templateId()),
						Inputs.required("version", request.version()), Inputs.required("name", request.name()),
						Optional.ofNullable(request.key()),
						Inputs.date("startDate", Inputs.required("startDate", request.startDate())), members));
		StartedView view = new StartedView(ProjectView.of(started.project()), started.milestones(), started.tasks(),
				started.dependencies(), started.assigned());
		return Views.created(view, "/api/v1/projects/{projectId}", view.project().id());
	}

	/**
	 * A revision named by If-Match (a template draft's, a workflow's); empty for * or
	 * none.
	 */
	static Optional<Integer> revision(@Nullable String ifMatch) {
		if (ifMatch == null || "*".equals(ifMatch.strip())) {
			return Optional.empty();
		}
		Matcher revision = ENTITY_TAG.matcher(ifMatch.strip());
		if (!revision.matches()) {
			throw new InvalidInput("If-Match", "must be the ETag you read, such as \"3\", or *");
		}
		return Optional.of(Integer.parseInt(revision.group(1)));
	}

	static String etag(int revision) {
		return "\"" + revision + "\"";
	}

}
