package dev.rampart.restapi;

import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.work.Project;
import dev.rampart.work.ProjectExports;
import dev.rampart.work.ProjectImports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** A project out as a file, and a new project in from another tracker's CSV export. */
@Tag(name = "Exports and imports",
		description = "A project as JSON or CSV (what you may read of it); a new project from a Jira or Redmine CSV export, with a dry run.")
@RestController
@RequestMapping("/api/v1")
class ProjectTransferController {

	record MappingView(String from, String to, String toName, int rows, boolean guessed) {
	}

	record AssigneeView(String email, boolean matched, int rows) {
	}

	record ProblemView(long line, String message, boolean skipped) {
	}

	record ImportView(String source, boolean dryRun, int rows, int tasks, int comments, List<MappingView> statuses,
			List<MappingView> priorities, List<AssigneeView> assignees, List<ProblemView> problems,
			@Nullable UUID projectId, @Nullable String projectKey) {
		static ImportView of(ProjectImports.Report r) {
			return new ImportView(r.source(), r.dryRun(), r.rows(), r.tasks(), r.comments(),
					r.statuses()
						.stream()
						.map(m -> new MappingView(m.from(), m.to(), m.toName(), m.rows(), m.guessed()))
						.toList(),
					r.priorities()
						.stream()
						.map(m -> new MappingView(m.from(), m.to(), m.toName(), m.rows(), m.guessed()))
						.toList(),
					r.assignees().stream().map(a -> new AssigneeView(a.email(), a.matched(), a.rows())).toList(),
					r.problems().stream().map(p -> new ProblemView(p.line(), p.message(), p.skipped())).toList(),
					r.project().map(p -> p.id().value()).orElse(null), r.project().flatMap(Project::key).orElse(null));
		}
	}

	private final ProjectExports exports;

	private final ProjectImports imports;

	ProjectTransferController(ProjectExports exports, ProjectImports imports) {
		this.exports = exports;
		this.imports = imports;
	}

	@Audited("project.export")
	@Operation(operationId = "exportProject", summary = "Export a project",
			description = "Its tasks with their comments and checklists, as far as you may read them, streamed: "
					+ "format=json (one document) or csv (one row per task, comment or checklist item; cells safe for spreadsheets). "
					+ "Counts against the expensive-route budget; the export is recorded.")
	@GetMapping("/projects/{projectId}/export")
	void export(@AuthenticationPrincipal Actor actor, @PathVariable UUID projectId,
			@RequestParam(defaultValue = "json") @Size(max = 10) String format, HttpServletResponse response)
			throws IOException {
		ProjectExports.Format chosen = ProjectExports.Format.parse("format", format);
		Project project = exports.requireExportable(actor, new ProjectId(projectId));
		String name = project.key().orElse("project").replaceAll("[^A-Za-z0-9_-]", "") + "-" + projectId;
		response.setContentType(chosen.mediaType() + ";charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"" + name + "." + chosen.extension() + "\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		exports.write(actor, project, chosen, out);
	}

	@Audited("project.import")
	@Operation(operationId = "importProject", summary = "Make a project from a Jira or Redmine CSV export",
			description = "Multipart, one part named `file` (UTF-8). dryRun=true (the default) reads it all and reports "
					+ "how statuses, priorities and assignees (by email, among the organization's members) map and which rows "
					+ "cannot become tasks, writing nothing; dryRun=false makes the project and its tasks in one transaction. "
					+ "Needs project.create.")
	@PostMapping(path = "/orgs/{orgId}/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<ImportView> importProject(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@Schema(allowableValues = { "jira", "redmine" }) @RequestParam @Size(max = 10) String source,
			@RequestParam @Size(max = 400) String projectName,
			@RequestParam(required = false) @Size(max = 20) @Nullable String projectKey,
			@RequestParam(defaultValue = "true") boolean dryRun, @RequestPart("file") @Nullable MultipartFile file)
			throws IOException {
		if (file == null || file.isEmpty()) {
			throw new InvalidInput("file", "attach the CSV export as the part named file");
		}
		ProjectImports.Source from = ProjectImports.Source.parse("source", source);
		try (InputStream in = file.getInputStream(); Reader reader = utf8(in)) {
			ProjectImports.Report report = imports.run(actor, new OrgId(orgId), from, projectName,
					Optional.ofNullable(projectKey).filter(k -> !k.isBlank()), reader, dryRun);
			return ResponseEntity.status(dryRun ? HttpStatus.OK : HttpStatus.CREATED).body(ImportView.of(report));
		}
		catch (java.io.UncheckedIOException ex) {
			if (ex.getCause() instanceof java.nio.charset.CharacterCodingException) {
				throw new InvalidInput("file", "is not UTF-8 text (export it as CSV in UTF-8)");
			}
			throw ex;
		}
	}

	/** UTF-8, strictly: a file in another encoding is refused, never read as garbage. */
	private static Reader utf8(InputStream in) {
		return new java.io.BufferedReader(new InputStreamReader(in,
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)));
	}

}
