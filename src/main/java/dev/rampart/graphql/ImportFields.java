package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.ProjectNode;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.work.ProjectImports;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/**
 * Imports from another tracker's CSV export: the same service and decisions as REST's.
 */
@Controller
class ImportFields {

	private final ProjectImports imports;

	ImportFields(ProjectImports imports) {
		this.imports = imports;
	}

	record MappingNode(String from, String to, String toName, int rows, boolean guessed) {
	}

	record AssigneeNode(String email, boolean matched, int rows) {
	}

	record ProblemNode(long line, String message, boolean skipped) {
	}

	record ImportReportNode(String source, boolean dryRun, int rows, int tasks, int comments,
			List<MappingNode> statuses, List<MappingNode> priorities, List<AssigneeNode> assignees,
			List<ProblemNode> problems, @Nullable ProjectNode project) {
		static ImportReportNode of(ProjectImports.Report r) {
			return new ImportReportNode(r.source(), r.dryRun(), r.rows(), r.tasks(), r.comments(),
					r.statuses()
						.stream()
						.map(m -> new MappingNode(m.from(), m.to(), m.toName(), m.rows(), m.guessed()))
						.toList(),
					r.priorities()
						.stream()
						.map(m -> new MappingNode(m.from(), m.to(), m.toName(), m.rows(), m.guessed()))
						.toList(),
					r.assignees().stream().map(a -> new AssigneeNode(a.email(), a.matched(), a.rows())).toList(),
					r.problems().stream().map(p -> new ProblemNode(p.line(), p.message(), p.skipped())).toList(),
					r.project().map(ProjectNode::of).orElse(null));
		}
	}

	@Audited("project.import")
	@MutationMapping
	ImportReportNode importProject(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String source, @Argument String projectName, @Argument @Nullable String projectKey,
			@Argument String csv, @Argument @Nullable Boolean dryRun) {
		return ImportReportNode.of(imports.run(actor, GraphQlController.orgId("organizationId", organizationId),
				ProjectImports.Source.parse("source", source), projectName,
				Optional.ofNullable(projectKey).filter(k -> !k.isBlank()), new StringReader(csv),
				!Boolean.FALSE.equals(dryRun)));
	}

}
