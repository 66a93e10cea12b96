package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORG_MEMBERS;
import static dev.rampart.db.schema.Tables.PROJECT_MEMBERS;
import static dev.rampart.db.schema.Tables.WORKFLOWS;
import static dev.rampart.db.schema.Tables.WORKFLOW_STATUSES;
import static dev.rampart.db.schema.Tables.WORKFLOW_TRANSITIONS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.access.Roles;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.WorkflowsRecord;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.FieldProblem;
import dev.rampart.shared.InvalidDocument;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Workflows: a project's statuses and the transitions allowed between them, and each
 * organization's default (copied into every new project by the database). Whoever may
 * read a project reads its workflow (a guest, the statuses of the task shared); whoever
 * may update the project changes it; an organization's owners and admins change its
 * default. A task's status change is checked here: it must follow a transition, and one
 * limited to roles needs the actor to hold one of them in the project (owners and admins
 * of the organization, who may change the workflow anyway, always may).
 */
@Service
public class Workflows {

	/** For a change: apply it to whatever revision is current ({@code If-Match: *}). */
	public static final int ANY_REVISION = -1;

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final Roles roles;

	private final PlanningSettings settings;

	private final ApplicationEventPublisher events;

	Workflows(Database db, AccessPolicy access, Clock clock, Roles roles, PlanningSettings settings,
			ApplicationEventPublisher events) {
		this.db = db;
		this.access = access;
		this.clock = clock;
		this.roles = roles;
		this.settings = settings;
		this.events = events;
	}

	public int maxStatuses() {
		return settings.maxWorkflowStatuses();
	}

	public Workflow ofProject(Actor actor, ProjectId project) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			access.require(actor, Permission.PROJECT_READ, project);
			return load(sql, WORKFLOWS.PROJECT_ID.eq(project.value())).orElseThrow(() -> new NotFound("project"));
		});
	}

	public Workflow organizationDefault(Actor actor, OrgId org) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			access.require(actor, Permission.ORG_READ, org);
			return load(sql, defaultOf(org)).orElseThrow(() -> new NotFound("organization"));
		});
	}

	/**
	 * The workflows of these projects in three statements (the statuses of a page of
	 * tasks): those the actor may see, by row-level security.
	 */
	public Map<ProjectId, Workflow> ofProjects(Actor actor, Collection<ProjectId> projects) {
		if (projects.isEmpty()) {
			return Map.of();
		}
		return db.read(DbContext.user(actor.userId()), sql -> {
			Map<ProjectId, Workflow> found = new HashMap<>();
			loadAll(sql, WORKFLOWS.PROJECT_ID.in(projects.stream().map(ProjectId::value).toList()))
				.forEach(w -> found.put(w.project().orElseThrow(), w));
			return found;
		});
	}

	/**
	 * The statuses the actor may move this task to now: the transitions from its status
	 * that they may take (none without task.update).
	 */
	public List<Workflow.Status> nextStatuses(Actor actor, TaskId task, TaskStatus current) {
		var allowed = access.require(actor, Permission.TASK_READ, task);
		if (!allowed.allows(Permission.TASK_UPDATE)) {
			return List.of();
		}
		Resource.Task resource = allowed.resource();
		return db.read(DbContext.user(actor.userId()), sql -> {
			Workflow workflow = load(sql, WORKFLOWS.PROJECT_ID.eq(resource.project().value()))
				.orElseThrow(() -> new NotFound("task"));
			return allowedFrom(sql, actor.userId(), resource.org(), resource.project(), workflow, current.key());
		});
	}

	public Workflow changeProject(Actor actor, ProjectId project, int expectedRevision, WorkflowChange change) {
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		return change(actor, resource.org(), Optional.of(project), expectedRevision, change);
	}

	public Workflow changeDefault(Actor actor, OrgId org, int expectedRevision, WorkflowChange change) {
		access.require(actor, Permission.ORG_UPDATE, org);
		if (!change.replacements().isEmpty()) {
			throw new InvalidInput("/replacements", "no task has a status of the default workflow; leave it out");
		}
		return change(actor, org, Optional.empty(), expectedRevision, change);
	}

	private Workflow change(Actor actor, OrgId org, Optional<ProjectId> project, int expectedRevision,
			WorkflowChange change) {
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			Condition which = project.map(p -> WORKFLOWS.PROJECT_ID.eq(p.value())).orElseGet(() -> defaultOf(org));
			WorkflowsRecord row = sql.selectFrom(WORKFLOWS)
				.where(which)
				.and(WORKFLOWS.ORG_ID.eq(org.value()))
				.forUpdate()
				.fetchOptional()
				.orElseThrow(() -> new NotFound(project.isPresent() ? "project" : "organization"));
			if (expectedRevision != ANY_REVISION && row.getRevision() != expectedRevision) {
				throw StaleVersion.ofWorkflow(row.getRevision());
			}
			Workflow before = read(sql, row);
			Map<String, UUID[]> roleIds = resolveRoles(sql, org, change);
			Set<String> keys = change.statuses().stream().map(Workflow.Status::key).collect(Collectors.toSet());
			List<String> removed = before.statuses()
				.stream()
				.map(Workflow.Status::key)
				.filter(key -> !keys.contains(key))
				.toList();
			for (String key : change.replacements().keySet()) {
				if (before.status(key).isEmpty()) {
					throw new InvalidDocument(List.of(new FieldProblem.Item("/replacements",
							"names " + key + ", which is not a status of the workflow")));
				}
			}
			long moved = 0;
			if (project.isPresent() && !removed.isEmpty()) {
				moved = moveTasks(sql, project.get(), before, removed, change.replacements());
			}
			UUID workflow = row.getId();
			sql.deleteFrom(WORKFLOW_TRANSITIONS).where(WORKFLOW_TRANSITIONS.WORKFLOW_ID.eq(workflow)).execute();
			if (!removed.isEmpty()) {
				sql.deleteFrom(WORKFLOW_STATUSES)
					.where(WORKFLOW_STATUSES.WORKFLOW_ID.eq(workflow))
					.and(WORKFLOW_STATUSES.KEY.in(removed))
					.execute();
			}
			int position = 0;
			for (Workflow.Status status : change.statuses()) {
				position++;
				sql.insertInto(WORKFLOW_STATUSES)
					.set(WORKFLOW_STATUSES.WORKFLOW_ID, workflow)
					.set(WORKFLOW_STATUSES.ORG_ID, org.value())
					.set(WORKFLOW_STATUSES.PROJECT_ID, project.map(ProjectId::value).orElse(null))
					.set(WORKFLOW_STATUSES.KEY, status.key())
					.set(WORKFLOW_STATUSES.NAME, status.name())
					.set(WORKFLOW_STATUSES.COLOUR, status.colour())
					.set(WORKFLOW_STATUSES.CATEGORY, status.category().wireName())
					.set(WORKFLOW_STATUSES.POSITION, position)
					.onConflict(WORKFLOW_STATUSES.WORKFLOW_ID, WORKFLOW_STATUSES.KEY)
					.doUpdate()
					.set(WORKFLOW_STATUSES.NAME, status.name())
					.set(WORKFLOW_STATUSES.COLOUR, status.colour())
					.set(WORKFLOW_STATUSES.CATEGORY, status.category().wireName())
					.set(WORKFLOW_STATUSES.POSITION, position)
					.execute();
			}
			if (!change.transitions().isEmpty()) {
				var insert = sql.insertInto(WORKFLOW_TRANSITIONS, WORKFLOW_TRANSITIONS.WORKFLOW_ID,
						WORKFLOW_TRANSITIONS.ORG_ID, WORKFLOW_TRANSITIONS.FROM_KEY, WORKFLOW_TRANSITIONS.TO_KEY,
						WORKFLOW_TRANSITIONS.ROLE_IDS);
				for (Workflow.Transition t : change.transitions()) {
					insert = insert.values(workflow, org.value(), t.from(), t.to(),
							roleIds.get(t.from() + "\n" + t.to()));
				}
				insert.execute();
			}
			sql.update(WORKFLOWS)
				.set(WORKFLOWS.REVISION, WORKFLOWS.REVISION.plus(1))
				.set(WORKFLOWS.UPDATED_BY, actor.userId().value())
				.set(WORKFLOWS.UPDATED_AT, now)
				.where(WORKFLOWS.ID.eq(workflow))
				.execute();
			Workflow after = read(sql, sql.selectFrom(WORKFLOWS).where(WORKFLOWS.ID.eq(workflow)).fetchSingle());
			events.publishEvent(new WorkEvent.WorkflowChanged(org, project, summary(before, after, moved)));
			return after;
		});
	}

	/**
	 * Moves the tasks of removed statuses to their replacements, as the schema owner (a
	 * restricted task the actor does not see moves too: the project's statuses are the
	 * project's). Refused, naming the statuses and how many tasks each has, when one in
	 * use has no replacement.
	 */
	private static long moveTasks(DSLContext sql, ProjectId project, Workflow before, List<String> removed,
			Map<String, String> replacements) {
		Map<String, Long> inUse = new LinkedHashMap<>();
		sql.select(DSL.field("key", String.class), DSL.field("tasks", Long.class))
			.from(DSL.table("rampart.tasks_per_status({0}, {1})", DSL.val(project.value()),
					DSL.val(removed.toArray(String[]::new))))
			.fetch()
			.forEach(r -> inUse.put(r.value1(), r.value2()));
		List<Map<String, Object>> unplaced = new ArrayList<>();
		inUse.forEach((key, count) -> {
			if (count > 0 && !replacements.containsKey(key)) {
				unplaced.add(Map.of("key", key, "name", before.status(key).map(Workflow.Status::name).orElse(key),
						"tasks", count));
			}
		});
		if (!unplaced.isEmpty()) {
			throw new StatusInUse(unplaced);
		}
		List<String> from = new ArrayList<>();
		List<String> to = new ArrayList<>();
		replacements.forEach((key, with) -> {
			if (inUse.getOrDefault(key, 0L) > 0) {
				from.add(key);
				to.add(with);
			}
		});
		if (from.isEmpty()) {
			return 0;
		}
		return sql
			.select(DSL.field("rampart.move_tasks_between_statuses({0}, {1}, {2})", Long.class,
					DSL.val(project.value()), DSL.val(from.toArray(String[]::new)), DSL.val(to.toArray(String[]::new))))
			.fetchSingle()
			.value1();
	}

	private static String summary(Workflow before, Workflow after, long moved) {
		List<String> parts = new ArrayList<>();
		Set<String> beforeKeys = before.statuses().stream().map(Workflow.Status::key).collect(Collectors.toSet());
		Set<String> afterKeys = after.statuses().stream().map(Workflow.Status::key).collect(Collectors.toSet());
		List<String> added = afterKeys.stream().filter(k -> !beforeKeys.contains(k)).sorted().toList();
		List<String> removed = beforeKeys.stream().filter(k -> !afterKeys.contains(k)).sorted().toList();
		List<String> changed = after.statuses()
			.stream()
			.filter(s -> before.status(s.key()).map(old -> !old.equals(s)).orElse(false))
			.map(Workflow.Status::key)
			.sorted()
			.toList();
		if (!added.isEmpty()) {
			parts.add("statuses added: " + String.join(", ", added));
		}
		if (!removed.isEmpty()) {
			parts.add("statuses removed: " + String.join(", ", removed));
		}
		if (!changed.isEmpty()) {
			parts.add("statuses changed: " + String.join(", ", changed));
		}
		if (!before.statuses()
			.stream()
			.map(Workflow.Status::key)
			.filter(afterKeys::contains)
			.toList()
			.equals(after.statuses().stream().map(Workflow.Status::key).filter(beforeKeys::contains).toList())) {
			parts.add("statuses reordered");
		}
		if (!Set.copyOf(before.transitions()).equals(Set.copyOf(after.transitions()))) {
			parts.add("transitions: " + before.transitions().size() + " before, " + after.transitions().size()
					+ " after");
		}
		if (moved > 0) {
			parts.add(moved + (moved == 1 ? " task" : " tasks") + " moved to a replacement status");
		}
		return parts.isEmpty() ? "nothing changed" : String.join("; ", parts);
	}

	private static Map<String, UUID[]> resolveRoles(DSLContext sql, OrgId org, WorkflowChange change) {
		Map<String, UUID[]> resolved = new HashMap<>();
		List<FieldProblem.Item> problems = new ArrayList<>();
		for (int i = 0; i < change.transitions().size(); i++) {
			Workflow.Transition t = change.transitions().get(i);
			List<UUID> ids = new ArrayList<>();
			for (int r = 0; r < t.roles().size(); r++) {
				try {
					ids.add(Roles.roleIdByName(sql, org, t.roles().get(r)));
				}
				catch (InvalidInput unknown) {
					problems.add(new FieldProblem.Item("/transitions/" + i + "/roles/" + r, unknown.reason()));
				}
			}
			resolved.put(t.from() + "\n" + t.to(), ids.toArray(UUID[]::new));
		}
		if (!problems.isEmpty()) {
			throw new InvalidDocument(problems);
		}
		return resolved;
	}

	// ---- for Tasks, inside their transaction ----

	/** Where a new task of the project starts: the first status of its workflow. */
	TaskStatus initialStatus(DSLContext sql, ProjectId project) {
		return sql.select(WORKFLOW_STATUSES.KEY)
			.from(WORKFLOW_STATUSES)
			.where(WORKFLOW_STATUSES.PROJECT_ID.eq(project.value()))
			.orderBy(WORKFLOW_STATUSES.POSITION, WORKFLOW_STATUSES.KEY)
			.limit(1)
			.fetchOptional(WORKFLOW_STATUSES.KEY)
			.map(TaskStatus::new)
			.orElseThrow(() -> new NotFound("project"));
	}

	/** A status the project's workflow has, or a 400 listing those it has. */
	void requireStatus(DSLContext sql, ProjectId project, TaskStatus status) {
		List<String> keys = sql.select(WORKFLOW_STATUSES.KEY)
			.from(WORKFLOW_STATUSES)
			.where(WORKFLOW_STATUSES.PROJECT_ID.eq(project.value()))
			.orderBy(WORKFLOW_STATUSES.POSITION)
			.fetch(WORKFLOW_STATUSES.KEY);
		if (!keys.contains(status.key())) {
			throw new InvalidInput("status", "must be a status of the project's workflow: " + String.join(", ", keys));
		}
	}

	/**
	 * Refuses a status change no transition of the project's workflow allows the actor,
	 * naming the transitions they could take.
	 */
	void requireTransition(DSLContext sql, UserId actor, OrgId org, ProjectId project, TaskStatus from, TaskStatus to) {
		if (from.equals(to)) {
			return;
		}
		Workflow workflow = load(sql, WORKFLOWS.PROJECT_ID.eq(project.value())).orElseThrow(() -> new NotFound("task"));
		if (workflow.status(to.key()).isEmpty()) {
			requireStatus(sql, project, to);
		}
		List<Workflow.Status> allowed = allowedFrom(sql, actor, org, project, workflow, from.key());
		if (allowed.stream().noneMatch(s -> s.key().equals(to.key()))) {
			boolean limited = workflow.from(from.key()).stream().anyMatch(t -> t.to().equals(to.key()));
			throw new TransitionRefused(workflow.status(from.key()).orElseThrow(),
					workflow.status(to.key()).orElseThrow(), limited, allowed);
		}
	}

	private List<Workflow.Status> allowedFrom(DSLContext sql, UserId actor, OrgId org, ProjectId project,
			Workflow workflow, String from) {
		List<Record2<String, UUID[]>> transitions = sql
			.select(WORKFLOW_TRANSITIONS.TO_KEY, WORKFLOW_TRANSITIONS.ROLE_IDS)
			.from(WORKFLOW_TRANSITIONS)
			.join(WORKFLOWS)
			.on(WORKFLOWS.ID.eq(WORKFLOW_TRANSITIONS.WORKFLOW_ID))
			.where(WORKFLOWS.PROJECT_ID.eq(project.value()))
			.and(WORKFLOW_TRANSITIONS.FROM_KEY.eq(from))
			.fetch();
		boolean limitedAny = transitions.stream().anyMatch(t -> t.value2().length > 0);
		Optional<UUID> projectRole = Optional.empty();
		boolean orgAdmin = false;
		if (limitedAny) {
			var who = sql.select(ORG_MEMBERS.ROLE, PROJECT_MEMBERS.ROLE_ID)
				.from(ORG_MEMBERS)
				.leftJoin(PROJECT_MEMBERS)
				.on(PROJECT_MEMBERS.PROJECT_ID.eq(project.value()))
				.and(PROJECT_MEMBERS.USER_ID.eq(ORG_MEMBERS.USER_ID))
				.where(ORG_MEMBERS.ORG_ID.eq(org.value()))
				.and(ORG_MEMBERS.USER_ID.eq(actor.value()))
				.fetchOptional();
			orgAdmin = who.map(r -> "owner".equals(r.value1()) || "admin".equals(r.value1())).orElse(false);
			projectRole = who.map(r -> r.value2());
		}
		List<Workflow.Status> allowed = new ArrayList<>();
		for (Record2<String, UUID[]> t : transitions) {
			boolean mayTake = t.value2().length == 0 || orgAdmin
					|| projectRole.map(role -> List.of(t.value2()).contains(role)).orElse(false);
			if (mayTake) {
				workflow.status(t.value1()).ifPresent(allowed::add);
			}
		}
		allowed.sort(java.util.Comparator.comparingInt(workflow.statuses()::indexOf));
		return allowed;
	}

	// ---- reading ----

	private static Condition defaultOf(OrgId org) {
		return WORKFLOWS.ORG_ID.eq(org.value()).and(WORKFLOWS.PROJECT_ID.isNull());
	}

	private Optional<Workflow> load(DSLContext sql, Condition which) {
		return loadAll(sql, which).stream().findFirst();
	}

	private Workflow read(DSLContext sql, WorkflowsRecord row) {
		return loadAll(sql, WORKFLOWS.ID.eq(row.getId())).get(0);
	}

	private List<Workflow> loadAll(DSLContext sql, Condition which) {
		List<WorkflowsRecord> rows = sql.selectFrom(WORKFLOWS).where(which).fetch();
		if (rows.isEmpty()) {
			return List.of();
		}
		List<UUID> ids = rows.stream().map(WorkflowsRecord::getId).toList();
		Map<UUID, List<Workflow.Status>> statuses = new HashMap<>();
		sql.selectFrom(WORKFLOW_STATUSES)
			.where(WORKFLOW_STATUSES.WORKFLOW_ID.in(ids))
			.orderBy(WORKFLOW_STATUSES.POSITION, WORKFLOW_STATUSES.KEY)
			.fetch()
			.forEach(s -> statuses.computeIfAbsent(s.getWorkflowId(), w -> new ArrayList<>())
				.add(new Workflow.Status(s.getKey(), s.getName(), s.getColour(),
						Workflow.Category.parse("category", s.getCategory()))));
		var transitionRows = sql.selectFrom(WORKFLOW_TRANSITIONS)
			.where(WORKFLOW_TRANSITIONS.WORKFLOW_ID.in(ids))
			.orderBy(WORKFLOW_TRANSITIONS.FROM_KEY, WORKFLOW_TRANSITIONS.TO_KEY)
			.fetch();
		Map<UUID, String> roleNames = roles.names(sql,
				transitionRows.stream()
					.flatMap(t -> java.util.Arrays.stream(t.getRoleIds()))
					.collect(Collectors.toSet()));
		Map<UUID, List<Workflow.Transition>> transitions = new HashMap<>();
		transitionRows.forEach(t -> transitions.computeIfAbsent(t.getWorkflowId(), w -> new ArrayList<>())
			.add(new Workflow.Transition(t.getFromKey(), t.getToKey(),
					java.util.Arrays.stream(t.getRoleIds())
						.map(roleNames::get)
						.filter(java.util.Objects::nonNull)
						.toList())));
		List<Workflow> result = new ArrayList<>();
		for (WorkflowsRecord row : rows) {
			List<Workflow.Status> ordered = statuses.getOrDefault(row.getId(), List.of());
			List<Workflow.Transition> allowed = new ArrayList<>(transitions.getOrDefault(row.getId(), List.of()));
			// In the order of the statuses, as an editor shows them.
			allowed.sort(java.util.Comparator.comparingInt((Workflow.Transition t) -> indexOf(ordered, t.from()))
				.thenComparingInt(t -> indexOf(ordered, t.to())));
			result.add(
					new Workflow(new OrgId(row.getOrgId()), Optional.ofNullable(row.getProjectId()).map(ProjectId::new),
							row.getRevision(), List.copyOf(ordered), List.copyOf(allowed)));
		}
		return result;
	}

	private static int indexOf(List<Workflow.Status> statuses, String key) {
		for (int i = 0; i < statuses.size(); i++) {
			if (statuses.get(i).key().equals(key)) {
				return i;
			}
		}
		return Integer.MAX_VALUE;
	}

}
