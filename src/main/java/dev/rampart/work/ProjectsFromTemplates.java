package dev.rampart.work;

import static dev.rampart.db.schema.Tables.TASK_DEPENDENCIES;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Roles;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.ChecklistItemsRecord;
import dev.rampart.db.schema.tables.records.MilestonesRecord;
import dev.rampart.db.schema.tables.records.TasksRecord;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import dev.rampart.shared.UserRef;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Starts a project from a published template version, in one transaction: the project
 * (its creator its manager, the members named), each phase a milestone, each step a task
 * with its checklist, dependencies, start and due dates counted in working days (Monday
 * to Friday) and its assignee: the one project member holding the step's role, when
 * exactly one does. Either all of it is there afterwards or nothing is.
 */
@Service
public class ProjectsFromTemplates {

	/** At most this many members named at the start (more are added later). */
	public static final int MAX_MEMBERS = 100;

	/** What starting a project from a template needs. */
	public record Start(UUID template, int version, String name, Optional<String> key, LocalDate startDate,
			List<StartMember> members) {

		public Start {
			members = List.copyOf(members);
		}

	}

	/** A member of the organization to add to the new project, with a project role. */
	public record StartMember(UserRef user, String role) {
	}

	/** The project and what the template made in it. */
	public record Started(Project project, int milestones, int tasks, int dependencies, int assigned) {
	}

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final Projects projects;

	private final ProcessTemplates templates;

	private final Tasks tasks;

	private final Milestones milestones;

	private final Checklists checklists;

	private final OrgPeople people;

	private final org.springframework.context.ApplicationEventPublisher events;

	private final Workflows workflows;

	ProjectsFromTemplates(Database db, AccessPolicy access, Clock clock, Projects projects, ProcessTemplates templates,
			Tasks tasks, Milestones milestones, Checklists checklists, OrgPeople people, Workflows workflows,
			org.springframework.context.ApplicationEventPublisher events) {
		this.workflows = workflows;
		this.db = db;
		this.access = access;
		this.clock = clock;
		this.projects = projects;
		this.templates = templates;
		this.tasks = tasks;
		this.milestones = milestones;
		this.checklists = checklists;
		this.people = people;
		this.events = events;
	}

	public Started start(Actor actor, OrgId org, Start start) {
		String name = TextFields.name("name", start.name(), Projects.NAME_MAX);
		start.key().ifPresent(k -> ProjectKeys.valid("key", k));
		if (start.startDate().getYear() < 1900 || start.startDate().getYear() > 9000) {
			throw new InvalidInput("startDate", "must be between 1900-01-01 and 9000-12-31");
		}
		if (start.members().size() > MAX_MEMBERS) {
			throw new InvalidInput("members", "may name at most " + MAX_MEMBERS + " members");
		}
		access.require(actor, Permission.PROJECT_CREATE, org);
		access.require(actor, Permission.TEMPLATE_READ, org);
		return db.write(DbContext.user(actor.userId()), sql -> {
			TemplateVersion version = templates.publishedVersion(sql, org, start.template(), start.version());
			TemplateDocument document = version.document();
			Instant now = Clocks.now(clock);
			ProjectId project = ProjectId.random();
			Project created = projects.insert(sql, actor, org, project, name, document.description(), start.key(),
					Optional.of(new Project.TemplateOrigin(start.template(), start.version())), now);
			Map<UUID, List<UserId>> holders = addMembers(sql, actor, org, project, start.members(), now);
			Plan plan = plan(document, start.startDate());
			UserId by = actor.userId();

			List<MilestonesRecord> milestoneRows = new ArrayList<>();
			Map<TemplateDocument.Phase, UUID> milestoneOf = new HashMap<>();
			for (TemplateDocument.Phase phase : document.phases()) {
				UUID id = UUID.randomUUID();
				milestoneOf.put(phase, id);
				milestoneRows
					.add(milestones.newRow(org, project, id, phase.name(), plan.phaseDue().get(phase), by, now));
			}
			insertAll(sql, milestoneRows);

			Map<String, TaskId> taskOf = new HashMap<>();
			Map<String, Integer> numberOf = new HashMap<>();
			Map<String, TemplateDocument.Phase> phaseOf = new HashMap<>();
			for (TemplateDocument.Phase phase : document.phases()) {
				for (TemplateDocument.Step step : phase.steps()) {
					taskOf.put(step.key(), TaskId.random());
					numberOf.put(step.key(), numberOf.size() + 1);
					phaseOf.put(step.key(), phase);
				}
			}
			Map<String, @Nullable UserId> assigneeOf = new HashMap<>();
			List<TasksRecord> taskRows = new ArrayList<>();
			List<ChecklistItemsRecord> itemRows = new ArrayList<>();
			List<TemplateDocument.Step> ordered = document.stepsInDependencyOrder();
			// The new project's workflow is a copy of the organization's default.
			TaskStatus initial = workflows.initialStatus(sql, project);
			for (int i = 0; i < ordered.size(); i++) {
				TemplateDocument.Step step = ordered.get(i);
				TaskId id = taskOf.get(step.key());
				UserId assignee = step.role().map(role -> onlyHolder(sql, org, holders, role)).orElse(null);
				assigneeOf.put(step.key(), assignee);
				NewTask task = new NewTask(step.title(), step.instructions(), Optional.of(initial), TaskPriority.MEDIUM,
						TaskVisibility.PROJECT, Optional.empty(), Optional.ofNullable(plan.due().get(step.key())),
						new TaskPlan(Optional.of(plan.start().get(step.key())), step.estimateMinutes(),
								Optional.of(milestoneOf.get(phaseOf.get(step.key()))), List.of()));
				// Created in dependency order, 10 µs apart: oldest first, the tasks read
				// in the order the work goes.
				taskRows.add(tasks.newRow(org, project, id, step.title(), Mentions.plain(step.instructions()), task,
						initial, assignee, numberOf.get(step.key()), by, now.plus(10L * i, ChronoUnit.MICROS)));
				for (int position = 0; position < step.checklist().size(); position++) {
					itemRows.add(checklists.newRow(org, project, id, UUID.randomUUID(), position,
							step.checklist().get(position), by, now));
				}
			}
			insertAll(sql, taskRows);
			ProjectKeys.reserveNumbers(sql, project, taskRows.size());
			insertAll(sql, itemRows);

			List<UUID> blockers = new ArrayList<>();
			List<UUID> blocked = new ArrayList<>();
			for (TemplateDocument.Step step : ordered) {
				for (String dependency : step.dependsOn()) {
					blockers.add(taskOf.get(dependency).value());
					blocked.add(taskOf.get(step.key()).value());
				}
			}
			addDependencies(sql, org, by, blockers, blocked, now);
			int assigned = (int) assigneeOf.values().stream().filter(java.util.Objects::nonNull).count();
			events.publishEvent(new WorkEvent.ProjectStartedFromTemplate(org, project, start.template(),
					start.version(), milestoneRows.size(), taskRows.size(), blockers.size()));
			return new Started(created, milestoneRows.size(), taskRows.size(), blockers.size(), assigned);
		});
	}

	/**
	 * Adds the members named (people of the organization) with their roles; answers who
	 * holds each role in the new project, its creator (its manager) included.
	 */
	private Map<UUID, List<UserId>> addMembers(DSLContext sql, Actor actor, OrgId org, ProjectId project,
			List<StartMember> members, Instant now) {
		Map<UUID, List<UserId>> holders = new HashMap<>();
		holders.computeIfAbsent(dev.rampart.access.ProjectRole.MANAGER.id(), r -> new ArrayList<>())
			.add(actor.userId());
		Set<UserId> seen = new HashSet<>(List.of(actor.userId()));
		for (int i = 0; i < members.size(); i++) {
			StartMember member = members.get(i);
			UserId user = people.member(sql, org, member.user());
			if (!seen.add(user)) {
				throw new InvalidInput("members[" + i + "]",
						"names someone twice, or you (you are the new project's manager)");
			}
			UUID role = Roles.roleIdByName(sql, org, member.role());
			Projects.insertMember(sql, org, project, user, role, now);
			holders.computeIfAbsent(role, r -> new ArrayList<>()).add(user);
		}
		return holders;
	}

	private static @Nullable UserId onlyHolder(DSLContext sql, OrgId org, Map<UUID, List<UserId>> holders,
			String role) {
		List<UserId> found = holders.getOrDefault(Roles.roleIdByName(sql, org, role), List.of());
		return found.size() == 1 ? found.get(0) : null;
	}

	/**
	 * The dependencies, written in one statement under the organization's graph lock. No
	 * cycle check: they join only the new tasks, and the template was checked to have
	 * none.
	 */
	private static void addDependencies(DSLContext sql, OrgId org, UserId by, List<UUID> blockers, List<UUID> blocked,
			Instant now) {
		if (blockers.isEmpty()) {
			return;
		}
		Dependencies.lockOrganization(sql, org);
		var insert = sql.insertInto(TASK_DEPENDENCIES, TASK_DEPENDENCIES.ORG_ID, TASK_DEPENDENCIES.BLOCKER_ID,
				TASK_DEPENDENCIES.BLOCKED_ID, TASK_DEPENDENCIES.CREATED_BY, TASK_DEPENDENCIES.CREATED_AT);
		for (int i = 0; i < blockers.size(); i++) {
			insert = insert.values(org.value(), blockers.get(i), blocked.get(i), by.value(), now);
		}
		insert.execute();
	}

	/** Rows of one table in statements of at most 1,000 rows each. */
	static <R extends org.jooq.TableRecord<R>> void insertAll(DSLContext sql, List<R> rows) {
		for (int from = 0; from < rows.size(); from += 1_000) {
			List<R> chunk = rows.subList(from, Math.min(rows.size(), from + 1_000));
			var insert = sql.insertInto(chunk.get(0).getTable()).set(chunk.get(0));
			for (R row : chunk.subList(1, chunk.size())) {
				insert = insert.newRecord().set(row);
			}
			insert.execute();
		}
	}

	/** The dates of every step and phase. */
	record Plan(Map<String, LocalDate> start, Map<String, @Nullable LocalDate> due,
			Map<TemplateDocument.Phase, @Nullable LocalDate> phaseDue) {
	}

	/**
	 * Counts each step's dates from the project's start (a weekend start counts from the
	 * Monday after): due {@code workingDays} after its anchor (the project's start, or
	 * the latest due date of the steps it depends on); it starts on the project's start,
	 * or the working day after the last of its dependencies is due, never after its own
	 * due date. A phase is due when its last step is.
	 */
	static Plan plan(TemplateDocument document, LocalDate projectStart) {
		LocalDate first = WorkingDays.onOrAfter(projectStart);
		Map<String, LocalDate> start = new HashMap<>();
		Map<String, @Nullable LocalDate> due = new HashMap<>();
		for (TemplateDocument.Step step : document.stepsInDependencyOrder()) {
			LocalDate dependenciesDue = step.dependsOn()
				.stream()
				.map(due::get)
				.filter(java.util.Objects::nonNull)
				.max(LocalDate::compareTo)
				.orElse(null);
			LocalDate begins = dependenciesDue == null ? first : WorkingDays.add(dependenciesDue, 1);
			LocalDate ends = step.due().map(d -> {
				LocalDate anchor = d.after() == TemplateDocument.DueAfter.DEPENDENCIES && dependenciesDue != null
						? dependenciesDue : first;
				return WorkingDays.add(anchor, d.workingDays());
			}).orElse(null);
			if (ends != null && begins.isAfter(ends)) {
				begins = ends;
			}
			start.put(step.key(), begins);
			due.put(step.key(), ends);
		}
		Map<TemplateDocument.Phase, @Nullable LocalDate> phaseDue = new HashMap<>();
		for (TemplateDocument.Phase phase : document.phases()) {
			phaseDue.put(phase,
					phase.steps()
						.stream()
						.map(s -> due.get(s.key()))
						.filter(java.util.Objects::nonNull)
						.max(LocalDate::compareTo)
						.orElse(null));
		}
		return new Plan(start, due, phaseDue);
	}

	/** Monday to Friday; holidays are not known to Rampart. */
	static final class WorkingDays {

		private WorkingDays() {
		}

		static LocalDate onOrAfter(LocalDate date) {
			LocalDate day = date;
			while (weekend(day)) {
				day = day.plusDays(1);
			}
			return day;
		}

		/** {@code days} working days after {@code from} (from itself when 0). */
		static LocalDate add(LocalDate from, int days) {
			LocalDate day = onOrAfter(from);
			int weeks = days / 5;
			day = day.plusWeeks(weeks);
			for (int left = days % 5; left > 0;) {
				day = day.plusDays(1);
				if (!weekend(day)) {
					left--;
				}
			}
			return day;
		}

		private static boolean weekend(LocalDate day) {
			return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
		}

	}

}
