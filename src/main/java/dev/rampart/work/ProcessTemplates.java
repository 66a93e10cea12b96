package dev.rampart.work;

import static dev.rampart.db.schema.Tables.PROCESS_TEMPLATES;
import static dev.rampart.db.schema.Tables.PROCESS_TEMPLATE_VERSIONS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Roles;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.ProcessTemplateVersionsRecord;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.FieldProblem;
import dev.rampart.shared.InvalidDocument;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * An organization's process templates and their versions. Owners, admins and members read
 * them ({@code template.read}); owners and admins manage them ({@code template.manage});
 * guests and other organizations do not learn they exist. Editing works on the one draft
 * a template may have; publishing freezes it as the next version. Documents are sealed
 * whole with the organization's key.
 */
@Service
@EnableConfigurationProperties(TemplateSettings.class)
public class ProcessTemplates {

	static final String TEMPLATE = "template";

	private static final String VERSION = "template version";

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final FieldCipher cipher;

	private final TemplateSchema schema;

	private final TemplateSettings settings;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	ProcessTemplates(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock,
			FieldCipher cipher, TemplateSchema schema, TemplateSettings settings, JsonMapper json) {
		this.events = events;
		this.db = db;
		this.access = access;
		this.clock = clock;
		this.cipher = cipher;
		this.schema = schema;
		this.settings = settings;
		this.json = json;
	}

	/** The organization's templates, oldest first, each with its versions. */
	public List<ProcessTemplate> list(Actor actor, OrgId org) {
		access.require(actor, Permission.TEMPLATE_READ, org);
		return db.read(DbContext.user(actor.userId()), sql -> {
			Map<UUID, List<TemplateVersion.Summary>> versions = sql.selectFrom(PROCESS_TEMPLATE_VERSIONS)
				.where(PROCESS_TEMPLATE_VERSIONS.ORG_ID.eq(org.value()))
				.orderBy(PROCESS_TEMPLATE_VERSIONS.NUMBER.desc())
				.fetch(ProcessTemplates::summary)
				.stream()
				.collect(Collectors.groupingBy(TemplateVersion.Summary::templateId));
			return sql.selectFrom(PROCESS_TEMPLATES)
				.where(PROCESS_TEMPLATES.ORG_ID.eq(org.value()))
				.orderBy(PROCESS_TEMPLATES.CREATED_AT, PROCESS_TEMPLATES.ID)
				.fetch(row -> template(row, versions.getOrDefault(row.getId(), List.of())));
		});
	}

	public ProcessTemplate get(Actor actor, UUID template) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			access.require(actor, Permission.TEMPLATE_READ, orgOf(sql, template));
			return load(sql, template);
		});
	}

	/** One version with its document. */
	public TemplateVersion version(Actor actor, UUID template, int number) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			OrgId org = orgOf(sql, template);
			access.require(actor, Permission.TEMPLATE_READ, org);
			return open(org, versionRow(sql, template, number));
		});
	}

	/**
	 * A new template from a document (written in the editor or imported): its first
	 * version, a draft.
	 */
	public ProcessTemplate create(Actor actor, OrgId org, TemplateDocument document) {
		access.require(actor, Permission.TEMPLATE_MANAGE, org);
		UUID id = UUID.randomUUID();
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			requireRolesOf(sql, org, document);
			if (sql.fetchCount(PROCESS_TEMPLATES, PROCESS_TEMPLATES.ORG_ID.eq(org.value())) >= settings
				.maxPerOrganization()) {
				throw new Conflict("the organization already has " + settings.maxPerOrganization()
						+ " templates (rampart.templates.max-per-organization)");
			}
			sql.insertInto(PROCESS_TEMPLATES)
				.set(PROCESS_TEMPLATES.ID, id)
				.set(PROCESS_TEMPLATES.ORG_ID, org.value())
				.set(PROCESS_TEMPLATES.NAME, cipher.seal(org, FieldCipher.Column.TEMPLATE_NAME, id, document.name()))
				.set(PROCESS_TEMPLATES.CREATED_BY, actor.userId().value())
				.set(PROCESS_TEMPLATES.CREATED_AT, now)
				.set(PROCESS_TEMPLATES.UPDATED_AT, now)
				.execute();
			insertDraft(sql, actor, org, id, 1, document, now);
			events.publishEvent(new WorkEvent.TemplateCreated(org, id));
			return load(sql, id);
		});
	}

	/**
	 * Saves the draft: replaces the current draft's document (when
	 * {@code expectedRevision} is given, only if nobody saved since: 412 otherwise), or
	 * starts the next version's draft when every version is published.
	 */
	public TemplateVersion saveDraft(Actor actor, UUID template, TemplateDocument document,
			Optional<Integer> expectedRevision) {
		return db.write(DbContext.user(actor.userId()), sql -> {
			OrgId org = orgOf(sql, template);
			access.require(actor, Permission.TEMPLATE_MANAGE, org);
			requireRolesOf(sql, org, document);
			Instant now = Clocks.now(clock);
			lock(sql, template);
			Optional<ProcessTemplateVersionsRecord> draft = draftRow(sql, template);
			Optional<TemplateDocument> previous = draft.or(() -> latestPublishedRow(sql, template))
				.map(row -> open(org, row).document());
			UUID version;
			if (draft.isPresent()) {
				int revision = draft.get().getRevision();
				if (expectedRevision.isPresent() && expectedRevision.get() != revision) {
					throw StaleVersion.ofDraft(revision);
				}
				version = draft.get().getId();
				sql.update(PROCESS_TEMPLATE_VERSIONS)
					.set(PROCESS_TEMPLATE_VERSIONS.DOCUMENT, sealDocument(org, version, document))
					.set(PROCESS_TEMPLATE_VERSIONS.STEP_COUNT, document.stepCount())
					.set(PROCESS_TEMPLATE_VERSIONS.REVISION, revision + 1)
					.set(PROCESS_TEMPLATE_VERSIONS.UPDATED_BY, actor.userId().value())
					.set(PROCESS_TEMPLATE_VERSIONS.UPDATED_AT, now)
					.where(PROCESS_TEMPLATE_VERSIONS.ID.eq(version))
					.execute();
			}
			else {
				int next = sql.select(DSL.max(PROCESS_TEMPLATE_VERSIONS.NUMBER))
					.from(PROCESS_TEMPLATE_VERSIONS)
					.where(PROCESS_TEMPLATE_VERSIONS.TEMPLATE_ID.eq(template))
					.fetchOptional(0, Integer.class)
					.orElse(0) + 1;
				if (next > settings.maxVersions()) {
					throw new Conflict("the template already has " + settings.maxVersions()
							+ " versions (rampart.templates.max-versions)");
				}
				version = insertDraft(sql, actor, org, template, next, document, now);
			}
			rename(sql, org, template, document.name(), now);
			events.publishEvent(new WorkEvent.TemplateChanged(org, template,
					"draft saved: " + previous.map(document::changesFrom).orElse("a new version")));
			return open(org,
					sql.selectFrom(PROCESS_TEMPLATE_VERSIONS)
						.where(PROCESS_TEMPLATE_VERSIONS.ID.eq(version))
						.fetchSingle());
		});
	}

	/**
	 * Publishes the draft: from now on that version never changes, and projects can start
	 * from it. With {@code expectedRevision}, only the revision the caller reviewed.
	 */
	public TemplateVersion publish(Actor actor, UUID template, Optional<Integer> expectedRevision) {
		return db.write(DbContext.user(actor.userId()), sql -> {
			OrgId org = orgOf(sql, template);
			access.require(actor, Permission.TEMPLATE_MANAGE, org);
			lock(sql, template);
			ProcessTemplateVersionsRecord draft = draftRow(sql, template)
				.orElseThrow(() -> new Conflict("the template has no draft to publish; save one first"));
			if (expectedRevision.isPresent() && expectedRevision.get() != draft.getRevision().intValue()) {
				throw StaleVersion.ofDraft(draft.getRevision());
			}
			Instant now = Clocks.now(clock);
			sql.update(PROCESS_TEMPLATE_VERSIONS)
				.set(PROCESS_TEMPLATE_VERSIONS.STATE, TemplateVersion.State.PUBLISHED.wireName())
				.set(PROCESS_TEMPLATE_VERSIONS.PUBLISHED_BY, actor.userId().value())
				.set(PROCESS_TEMPLATE_VERSIONS.PUBLISHED_AT, now)
				.where(PROCESS_TEMPLATE_VERSIONS.ID.eq(draft.getId()))
				.execute();
			sql.update(PROCESS_TEMPLATES)
				.set(PROCESS_TEMPLATES.UPDATED_AT, now)
				.where(PROCESS_TEMPLATES.ID.eq(template))
				.execute();
			events.publishEvent(
					new WorkEvent.TemplateChanged(org, template, "version " + draft.getNumber() + " published"));
			return open(org,
					sql.selectFrom(PROCESS_TEMPLATE_VERSIONS)
						.where(PROCESS_TEMPLATE_VERSIONS.ID.eq(draft.getId()))
						.fetchSingle());
		});
	}

	/**
	 * Throws the draft away; the template keeps its published versions (a template with
	 * nothing published is deleted instead).
	 */
	public ProcessTemplate discardDraft(Actor actor, UUID template) {
		return db.write(DbContext.user(actor.userId()), sql -> {
			OrgId org = orgOf(sql, template);
			access.require(actor, Permission.TEMPLATE_MANAGE, org);
			lock(sql, template);
			ProcessTemplateVersionsRecord draft = draftRow(sql, template).orElseThrow(() -> new NotFound("draft"));
			ProcessTemplateVersionsRecord published = latestPublishedRow(sql, template).orElseThrow(() -> new Conflict(
					"the template has no published version, so its draft is all it is: delete the template instead"));
			sql.deleteFrom(PROCESS_TEMPLATE_VERSIONS).where(PROCESS_TEMPLATE_VERSIONS.ID.eq(draft.getId())).execute();
			rename(sql, org, template, open(org, published).document().name(), Clocks.now(clock));
			events.publishEvent(new WorkEvent.TemplateChanged(org, template, "draft discarded"));
			return load(sql, template);
		});
	}

	/**
	 * Deletes the template and all its versions; projects started from it keep their
	 * tasks and forget the template.
	 */
	public void delete(Actor actor, UUID template) {
		db.write(DbContext.user(actor.userId()), sql -> {
			OrgId org = orgOf(sql, template);
			access.require(actor, Permission.TEMPLATE_MANAGE, org);
			Database.requireChanged(sql.deleteFrom(PROCESS_TEMPLATES)
				.where(PROCESS_TEMPLATES.ID.eq(template))
				.and(PROCESS_TEMPLATES.ORG_ID.eq(org.value()))
				.execute(), () -> new NotFound(TEMPLATE));
			events.publishEvent(new WorkEvent.TemplateDeleted(org, template));
			return null;
		});
	}

	/** The document of a version as JSON text, for export. */
	public String export(TemplateVersion version) {
		return json.writerWithDefaultPrettyPrinter().writeValueAsString(version.document().toJson());
	}

	/**
	 * A published version, read inside the caller's transaction (starting a project); not
	 * found when the actor may not see it, a conflict when it is a draft.
	 */
	TemplateVersion publishedVersion(DSLContext sql, OrgId org, UUID template, int number) {
		ProcessTemplateVersionsRecord row = versionRow(sql, template, number);
		if (!row.getOrgId().equals(org.value())) {
			throw new NotFound(VERSION);
		}
		if (!TemplateVersion.State.PUBLISHED.wireName().equals(row.getState())) {
			throw new Conflict("version " + number + " is a draft; only a published version can start a project");
		}
		return open(org, row);
	}

	/** The template's name, in the caller's transaction. */
	String name(DSLContext sql, OrgId org, UUID template) {
		return sql.select(PROCESS_TEMPLATES.NAME)
			.from(PROCESS_TEMPLATES)
			.where(PROCESS_TEMPLATES.ID.eq(template))
			.fetchOptional(PROCESS_TEMPLATES.NAME)
			.map(sealed -> cipher.open(org, FieldCipher.Column.TEMPLATE_NAME, template, sealed))
			.orElseThrow(() -> new NotFound(TEMPLATE));
	}

	/**
	 * Every step's role names a project role of the organization (built-in or its own).
	 */
	private static void requireRolesOf(DSLContext sql, OrgId org, TemplateDocument document) {
		Map<String, Boolean> known = new LinkedHashMap<>();
		List<FieldProblem.Item> problems = new ArrayList<>();
		for (int p = 0; p < document.phases().size(); p++) {
			List<TemplateDocument.Step> steps = document.phases().get(p).steps();
			for (int s = 0; s < steps.size(); s++) {
				Optional<String> role = steps.get(s).role();
				if (role.isPresent() && !known.computeIfAbsent(role.get(), r -> isRole(sql, org, r))) {
					problems.add(new FieldProblem.Item("/phases/" + p + "/steps/" + s + "/role",
							"is not a project role of this organization (manager, contributor, viewer or one of its own)"));
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidDocument(problems);
		}
	}

	private static boolean isRole(DSLContext sql, OrgId org, String role) {
		try {
			Roles.roleIdByName(sql, org, role);
			return true;
		}
		catch (InvalidInput unknown) {
			return false;
		}
	}

	/** Saves and publishes of one template one after another (one draft at a time). */
	private static void lock(DSLContext sql, UUID template) {
		sql.selectFrom(PROCESS_TEMPLATES).where(PROCESS_TEMPLATES.ID.eq(template)).forUpdate().fetchOptional();
	}

	private UUID insertDraft(DSLContext sql, Actor actor, OrgId org, UUID template, int number,
			TemplateDocument document, Instant now) {
		UUID id = UUID.randomUUID();
		sql.insertInto(PROCESS_TEMPLATE_VERSIONS)
			.set(PROCESS_TEMPLATE_VERSIONS.ID, id)
			.set(PROCESS_TEMPLATE_VERSIONS.TEMPLATE_ID, template)
			.set(PROCESS_TEMPLATE_VERSIONS.ORG_ID, org.value())
			.set(PROCESS_TEMPLATE_VERSIONS.NUMBER, number)
			.set(PROCESS_TEMPLATE_VERSIONS.STATE, TemplateVersion.State.DRAFT.wireName())
			.set(PROCESS_TEMPLATE_VERSIONS.DOCUMENT, sealDocument(org, id, document))
			.set(PROCESS_TEMPLATE_VERSIONS.STEP_COUNT, document.stepCount())
			.set(PROCESS_TEMPLATE_VERSIONS.REVISION, 1)
			.set(PROCESS_TEMPLATE_VERSIONS.CREATED_BY, actor.userId().value())
			.set(PROCESS_TEMPLATE_VERSIONS.CREATED_AT, now)
			.set(PROCESS_TEMPLATE_VERSIONS.UPDATED_BY, actor.userId().value())
			.set(PROCESS_TEMPLATE_VERSIONS.UPDATED_AT, now)
			.execute();
		return id;
	}

	private void rename(DSLContext sql, OrgId org, UUID template, String name, Instant now) {
		sql.update(PROCESS_TEMPLATES)
			.set(PROCESS_TEMPLATES.NAME, cipher.seal(org, FieldCipher.Column.TEMPLATE_NAME, template, name))
			.set(PROCESS_TEMPLATES.UPDATED_AT, now)
			.where(PROCESS_TEMPLATES.ID.eq(template))
			.execute();
	}

	private byte[] sealDocument(OrgId org, UUID version, TemplateDocument document) {
		return cipher.seal(org, FieldCipher.Column.TEMPLATE_DOCUMENT, version,
				json.writeValueAsString(document.toJson()));
	}

	private TemplateVersion open(OrgId org, ProcessTemplateVersionsRecord row) {
		String text = cipher.open(org, FieldCipher.Column.TEMPLATE_DOCUMENT, row.getId(), row.getDocument());
		return new TemplateVersion(summary(row), schema.stored(text));
	}

	private static OrgId orgOf(DSLContext sql, UUID template) {
		return sql.select(PROCESS_TEMPLATES.ORG_ID)
			.from(PROCESS_TEMPLATES)
			.where(PROCESS_TEMPLATES.ID.eq(template))
			.fetchOptional(PROCESS_TEMPLATES.ORG_ID)
			.map(OrgId::new)
			.orElseThrow(() -> new NotFound(TEMPLATE));
	}

	private static ProcessTemplateVersionsRecord versionRow(DSLContext sql, UUID template, int number) {
		return sql.selectFrom(PROCESS_TEMPLATE_VERSIONS)
			.where(PROCESS_TEMPLATE_VERSIONS.TEMPLATE_ID.eq(template))
			.and(PROCESS_TEMPLATE_VERSIONS.NUMBER.eq(number))
			.fetchOptional()
			.orElseThrow(() -> new NotFound(VERSION));
	}

	private static Optional<ProcessTemplateVersionsRecord> latestPublishedRow(DSLContext sql, UUID template) {
		return sql.selectFrom(PROCESS_TEMPLATE_VERSIONS)
			.where(PROCESS_TEMPLATE_VERSIONS.TEMPLATE_ID.eq(template))
			.and(PROCESS_TEMPLATE_VERSIONS.STATE.eq(TemplateVersion.State.PUBLISHED.wireName()))
			.orderBy(PROCESS_TEMPLATE_VERSIONS.NUMBER.desc())
			.limit(1)
			.fetchOptional();
	}

	private static Optional<ProcessTemplateVersionsRecord> draftRow(DSLContext sql, UUID template) {
		return sql.selectFrom(PROCESS_TEMPLATE_VERSIONS)
			.where(PROCESS_TEMPLATE_VERSIONS.TEMPLATE_ID.eq(template))
			.and(PROCESS_TEMPLATE_VERSIONS.STATE.eq(TemplateVersion.State.DRAFT.wireName()))
			.fetchOptional();
	}

	private ProcessTemplate load(DSLContext sql, UUID template) {
		List<TemplateVersion.Summary> versions = sql.selectFrom(PROCESS_TEMPLATE_VERSIONS)
			.where(PROCESS_TEMPLATE_VERSIONS.TEMPLATE_ID.eq(template))
			.orderBy(PROCESS_TEMPLATE_VERSIONS.NUMBER.desc())
			.fetch(ProcessTemplates::summary);
		return sql.selectFrom(PROCESS_TEMPLATES)
			.where(PROCESS_TEMPLATES.ID.eq(template))
			.fetchOptional(row -> template(row, versions))
			.orElseThrow(() -> new NotFound(TEMPLATE));
	}

	private ProcessTemplate template(dev.rampart.db.schema.tables.records.ProcessTemplatesRecord row,
			List<TemplateVersion.Summary> versions) {
		OrgId org = new OrgId(row.getOrgId());
		return new ProcessTemplate(row.getId(), org,
				cipher.open(org, FieldCipher.Column.TEMPLATE_NAME, row.getId(), row.getName()),
				new UserId(row.getCreatedBy()), row.getCreatedAt(), row.getUpdatedAt(), versions);
	}

	private static TemplateVersion.Summary summary(ProcessTemplateVersionsRecord row) {
		return new TemplateVersion.Summary(row.getId(), row.getTemplateId(), row.getNumber(),
				TemplateVersion.State.parse("state", row.getState()), row.getStepCount(), row.getRevision(),
				new UserId(row.getCreatedBy()), row.getCreatedAt(), new UserId(row.getUpdatedBy()), row.getUpdatedAt(),
				Optional.ofNullable(row.getPublishedBy()).map(UserId::new), Optional.ofNullable(row.getPublishedAt()));
	}

}
