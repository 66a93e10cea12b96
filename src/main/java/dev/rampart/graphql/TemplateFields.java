package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.OrganizationNode;
import dev.rampart.graphql.Nodes.ProjectNode;
import dev.rampart.graphql.Nodes.TemplateOriginNode;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.UserRef;
import dev.rampart.work.ProcessTemplate;
import dev.rampart.work.ProcessTemplates;
import dev.rampart.work.ProjectsFromTemplates;
import dev.rampart.work.TemplateDocument;
import dev.rampart.work.TemplateSchema;
import dev.rampart.work.TemplateVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/**
 * Process templates and starting projects from them: the same services, schema check and
 * decisions as REST's. A version's content (its document, phases and steps) is opened
 * only when asked for, once per version.
 */
@Controller
class TemplateFields {

	private final ProcessTemplates templates;

	private final ProjectsFromTemplates starts;

	private final TemplateSchema schema;

	TemplateFields(ProcessTemplates templates, ProjectsFromTemplates starts, TemplateSchema schema) {
		this.templates = templates;
		this.starts = starts;
		this.schema = schema;
	}

	record TemplateNode(String id, String organizationId, String name, String createdAt, String updatedAt,
			List<TemplateVersionNode> versions, @Nullable TemplateVersionNode draft,
			@Nullable TemplateVersionNode latestPublished) {
		static TemplateNode of(ProcessTemplate t) {
			return new TemplateNode(t.id().toString(), t.org().value().toString(), t.name(), t.createdAt().toString(),
					t.updatedAt().toString(), t.versions().stream().map(v -> TemplateVersionNode.of(v, null)).toList(),
					t.draft().map(v -> TemplateVersionNode.of(v, null)).orElse(null),
					t.latestPublished().map(v -> TemplateVersionNode.of(v, null)).orElse(null));
		}
	}

	/** {@code content}: the version with its document once opened (at most once). */
	record TemplateVersionNode(String id, String templateId, int number, String state, int stepCount, int revision,
			String createdAt, String updatedAt, @Nullable String publishedAt, Content content) {
		static TemplateVersionNode of(TemplateVersion.Summary v, @Nullable TemplateVersion opened) {
			return new TemplateVersionNode(v.id().toString(), v.templateId().toString(), v.number(),
					v.state().wireName(), v.stepCount(), v.revision(), v.createdAt().toString(),
					v.updatedAt().toString(), v.publishedAt().map(Object::toString).orElse(null), new Content(opened));
		}

		static TemplateVersionNode of(TemplateVersion v) {
			return of(v.summary(), v);
		}
	}

	/** A version's document, opened on first use by one request. */
	static final class Content {

		private @Nullable TemplateVersion opened;

		Content(@Nullable TemplateVersion opened) {
			this.opened = opened;
		}

		synchronized TemplateVersion get(ProcessTemplates templates, Actor actor, TemplateVersionNode node) {
			if (opened == null) {
				opened = templates.version(actor, UUID.fromString(node.templateId()), node.number());
			}
			return opened;
		}

	}

	record PhaseNode(String name, List<StepNode> steps) {
	}

	record StepNode(String key, String title, String instructions, List<String> checklist, @Nullable String role,
			@Nullable Integer estimateMinutes, @Nullable Integer dueWorkingDays, @Nullable String dueAfter,
			List<String> dependsOn) {
		static StepNode of(TemplateDocument.Step s) {
			return new StepNode(s.key(), s.title(), s.instructions(), s.checklist(), s.role().orElse(null),
					s.estimateMinutes().orElse(null), s.due().map(TemplateDocument.Due::workingDays).orElse(null),
					s.due().map(d -> d.after().wireName()).orElse(null), s.dependsOn());
		}
	}

	record ProjectStartNode(ProjectNode project, int milestones, int tasks, int dependencies, int assigned) {
	}

	@QueryMapping
	TemplateNode processTemplate(@AuthenticationPrincipal Actor actor, @Argument String id) {
		return TemplateNode.of(templates.get(actor, Inputs.uuid("id", id)));
	}

	@SchemaMapping(typeName = "Organization")
	List<TemplateNode> processTemplates(OrganizationNode org, @AuthenticationPrincipal Actor actor) {
		return templates.list(actor, GraphQlController.orgId("id", org.id())).stream().map(TemplateNode::of).toList();
	}

	@SchemaMapping(typeName = "ProcessTemplate")
	@Nullable TemplateVersionNode version(TemplateNode template, @Argument int number) {
		return template.versions().stream().filter(v -> v.number() == number).findFirst().orElse(null);
	}

	@SchemaMapping(typeName = "Project")
	@Nullable TemplateOriginNode template(ProjectNode project) {
		return project.template();
	}

	@SchemaMapping(typeName = "ProjectTemplateOrigin")
	TemplateNode template(TemplateOriginNode origin, @AuthenticationPrincipal Actor actor) {
		return TemplateNode.of(templates.get(actor, UUID.fromString(origin.templateId())));
	}

	@SchemaMapping(typeName = "TemplateVersion")
	String document(TemplateVersionNode version, @AuthenticationPrincipal Actor actor) {
		return templates.export(version.content().get(templates, actor, version));
	}

	@SchemaMapping(typeName = "TemplateVersion")
	String name(TemplateVersionNode version, @AuthenticationPrincipal Actor actor) {
		return version.content().get(templates, actor, version).document().name();
	}

	@SchemaMapping(typeName = "TemplateVersion")
	String description(TemplateVersionNode version, @AuthenticationPrincipal Actor actor) {
		return version.content().get(templates, actor, version).document().description();
	}

	@SchemaMapping(typeName = "TemplateVersion")
	List<PhaseNode> phases(TemplateVersionNode version, @AuthenticationPrincipal Actor actor) {
		return version.content()
			.get(templates, actor, version)
			.document()
			.phases()
			.stream()
			.map(p -> new PhaseNode(p.name(), p.steps().stream().map(StepNode::of).toList()))
			.toList();
	}

	@Audited("template.create")
	@MutationMapping
	TemplateNode createProcessTemplate(@AuthenticationPrincipal Actor actor, @Argument String organizationId,
			@Argument String document) {
		TemplateDocument valid = schema.read(document);
		return TemplateNode
			.of(templates.create(actor, GraphQlController.orgId("organizationId", organizationId), valid));
	}

	@Audited("template.update")
	@MutationMapping
	TemplateVersionNode saveProcessTemplateDraft(@AuthenticationPrincipal Actor actor, @Argument String templateId,
			@Argument String document, @Argument @Nullable Integer expectedRevision) {
		TemplateDocument valid = schema.read(document);
		return TemplateVersionNode.of(templates.saveDraft(actor, Inputs.uuid("templateId", templateId), valid,
				Optional.ofNullable(expectedRevision)));
	}

	@Audited("template.publish")
	@MutationMapping
	TemplateVersionNode publishProcessTemplate(@AuthenticationPrincipal Actor actor, @Argument String templateId,
			@Argument @Nullable Integer expectedRevision) {
		return TemplateVersionNode
			.of(templates.publish(actor, Inputs.uuid("templateId", templateId), Optional.ofNullable(expectedRevision)));
	}

	@Audited("template.update")
	@MutationMapping
	TemplateNode discardProcessTemplateDraft(@AuthenticationPrincipal Actor actor, @Argument String templateId) {
		return TemplateNode.of(templates.discardDraft(actor, Inputs.uuid("templateId", templateId)));
	}

	@Audited("template.delete")
	@MutationMapping
	boolean deleteProcessTemplate(@AuthenticationPrincipal Actor actor, @Argument String templateId) {
		templates.delete(actor, Inputs.uuid("templateId", templateId));
		return true;
	}

	@Audited("project.create")
	@MutationMapping
	ProjectStartNode startProjectFromTemplate(@AuthenticationPrincipal Actor actor,
			@Argument Map<String, @Nullable Object> input) {
		List<ProjectsFromTemplates.StartMember> members = new ArrayList<>();
		if (input.get("members") instanceof List<?> named) {
			for (int i = 0; i < named.size(); i++) {
				if (named.get(i) instanceof Map<?, ?> member) {
					String at = "members[" + i + "].";
					members.add(new ProjectsFromTemplates.StartMember(
							UserRef.of(at + "userId", (String) member.get("userId"), at + "email",
									(String) member.get("email")),
							Inputs.required(at + "role", (String) member.get("role"))));
				}
			}
		}
		var started = starts.start(actor,
				GraphQlController.orgId("organizationId",
						(String) Inputs.required("organizationId", input.get("organizationId"))),
				new ProjectsFromTemplates.Start(
						Inputs.uuid("templateId", (String) Inputs.required("templateId", input.get("templateId"))),
						(Integer) Inputs.required("version", input.get("version")),
						(String) Inputs.required("name", input.get("name")),
						Optional.ofNullable((String) input.get("key")),
						Inputs.date("startDate", (String) Inputs.required("startDate", input.get("startDate"))),
						members));
		return new ProjectStartNode(ProjectNode.of(started.project()), started.milestones(), started.tasks(),
				started.dependencies(), started.assigned());
	}

}
