package dev.rampart.work;

import static dev.rampart.db.schema.Tables.MILESTONES;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.WORKFLOW_STATUSES;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.MilestonesRecord;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Milestones of a project: whoever may read the project reads them (and a task's
 * milestone goes with the task); whoever may update the project manages them. Names are
 * sealed with the organization's key. Deleting a milestone leaves its tasks without one.
 */
@Service
public class Milestones {

	public static final int NAME_MAX = 200;

	private static final String MILESTONE = "milestone";

	private static final Field<Integer> TASK_COUNT = DSL
		.field(DSL.selectCount().from(TASKS).where(TASKS.MILESTONE_ID.eq(MILESTONES.ID)))
		.as("task_count");

	private static final Field<Integer> DONE_COUNT = DSL
		.field(DSL.selectCount()
			.from(TASKS)
			.join(WORKFLOW_STATUSES)
			.on(WORKFLOW_STATUSES.PROJECT_ID.eq(TASKS.PROJECT_ID))
			.and(WORKFLOW_STATUSES.KEY.eq(TASKS.STATUS))
			.where(TASKS.MILESTONE_ID.eq(MILESTONES.ID))
			.and(WORKFLOW_STATUSES.CATEGORY.eq(Workflow.Category.DONE.wireName())))
		.as("done_count");

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final FieldCipher cipher;

	private final PlanningSettings settings;

	private final ApplicationEventPublisher events;

	Milestones(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock, FieldCipher cipher,
			PlanningSettings settings) {
		this.events = events;
		this.db = db;
		this.access = access;
		this.clock = clock;
		this.cipher = cipher;
		this.settings = settings;
	}

	/** The project's milestones, by due date (those without one last). */
	public List<Milestone> list(Actor actor, ProjectId project) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			access.require(actor, Permission.PROJECT_READ, project);
			return select(sql, MILESTONES.PROJECT_ID.eq(project.value()));
		});
	}

	public Milestone get(Actor actor, UUID milestone) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			access.require(actor, Permission.PROJECT_READ, projectOf(sql, milestone));
			return one(sql, milestone);
		});
	}

	/**
	 * These milestones in one statement (the milestones of a page of tasks): those the
	 * actor may see (row-level security: their project, or a task in them).
	 */
	public Map<UUID, Milestone> byIds(Actor actor, Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		return db.read(DbContext.user(actor.userId()), sql -> select(sql, MILESTONES.ID.in(ids)).stream()
			.collect(java.util.stream.Collectors.toMap(Milestone::id, m -> m)));
	}

	public Milestone create(Actor actor, ProjectId project, String name, Optional<LocalDate> dueDate) {
		String valid = TextFields.name("name", name, NAME_MAX);
		dueDate.ifPresent(Milestones::requireSensible);
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		UUID id = UUID.randomUUID();
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			if (sql.fetchCount(MILESTONES, MILESTONES.PROJECT_ID.eq(project.value())) >= settings
				.maxMilestonesPerProject()) {
				throw new Conflict("the project already has " + settings.maxMilestonesPerProject() + " milestones");
			}
			sql.insertInto(MILESTONES)
				.set(newRow(resource.org(), project, id, valid, dueDate.orElse(null), actor.userId(), now))
				.execute();
			events.publishEvent(new WorkEvent.MilestoneCreated(resource.org(), project, id));
			return one(sql, id);
		});
	}

	/** A new milestone's row, its name sealed (valid already). */
	MilestonesRecord newRow(OrgId org, ProjectId project, UUID id, String name, @Nullable LocalDate dueDate,
			UserId actor, Instant now) {
		MilestonesRecord row = new MilestonesRecord();
		row.setId(id);
		row.setOrgId(org.value());
		row.setProjectId(project.value());
		row.setName(cipher.seal(org, FieldCipher.Column.MILESTONE_NAME, id, name));
		row.setDueDate(dueDate);
		row.setState(Milestone.State.OPEN.wireName());
		row.setCreatedBy(actor.value());
		row.setCreatedAt(now);
		row.setUpdatedAt(now);
		return row;
	}

	/** Changes what is given: its name, due date (null in dueDate clears it), state. */
	public Milestone update(Actor actor, UUID milestone, Change<String> name, Change<LocalDate> dueDate,
			Change<Milestone.State> state) {
		String valid = name.present() ? TextFields.name("name", Projects.require("name", name.value()), NAME_MAX)
				: null;
		if (dueDate.present() && dueDate.value() != null) {
			requireSensible(dueDate.value());
		}
		if (!name.present() && !dueDate.present() && !state.present()) {
			throw new InvalidInput("body", "name at least one of name, dueDate, state");
		}
		ProjectId project = db.read(DbContext.user(actor.userId()), sql -> projectOf(sql, milestone));
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		return db.write(DbContext.user(actor.userId()), sql -> {
			Set<String> fields = new LinkedHashSet<>();
			var update = sql.update(MILESTONES).set(MILESTONES.UPDATED_AT, Clocks.now(clock));
			if (valid != null) {
				update = update.set(MILESTONES.NAME,
						cipher.seal(resource.org(), FieldCipher.Column.MILESTONE_NAME, milestone, valid));
				fields.add("name");
			}
			if (dueDate.present()) {
				update = update.set(MILESTONES.DUE_DATE, dueDate.value());
				fields.add("dueDate");
			}
			if (state.present()) {
				update = update.set(MILESTONES.STATE, Projects.require("state", state.value()).wireName());
				fields.add("state");
			}
			Database.requireChanged(
					update.where(MILESTONES.ID.eq(milestone)).and(MILESTONES.PROJECT_ID.eq(project.value())).execute(),
					() -> new NotFound(MILESTONE));
			events.publishEvent(new WorkEvent.MilestoneChanged(resource.org(), milestone, Set.copyOf(fields)));
			return one(sql, milestone);
		});
	}

	/** Deletes the milestone; its tasks stay, without a milestone. */
	public void delete(Actor actor, UUID milestone) {
		ProjectId project = db.read(DbContext.user(actor.userId()), sql -> projectOf(sql, milestone));
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		db.write(DbContext.user(actor.userId()), sql -> {
			Database.requireChanged(sql.deleteFrom(MILESTONES)
				.where(MILESTONES.ID.eq(milestone))
				.and(MILESTONES.PROJECT_ID.eq(project.value()))
				.execute(), () -> new NotFound(MILESTONE));
			events.publishEvent(new WorkEvent.MilestoneDeleted(resource.org(), milestone));
			return null;
		});
	}

	/**
	 * The milestone's project, if the actor may see the milestone; otherwise not found.
	 */
	private static ProjectId projectOf(DSLContext sql, UUID milestone) {
		return sql.select(MILESTONES.PROJECT_ID)
			.from(MILESTONES)
			.where(MILESTONES.ID.eq(milestone))
			.fetchOptional(MILESTONES.PROJECT_ID)
			.map(ProjectId::new)
			.orElseThrow(() -> new NotFound(MILESTONE));
	}

	private static void requireSensible(LocalDate date) {
		if (date.getYear() < 1900 || date.getYear() > 9999) {
			throw new InvalidInput("dueDate", "must be between 1900-01-01 and 9999-12-31");
		}
	}

	private Milestone one(DSLContext sql, UUID milestone) {
		return select(sql, MILESTONES.ID.eq(milestone)).stream().findFirst().orElseThrow(() -> new NotFound(MILESTONE));
	}

	private List<Milestone> select(DSLContext sql, Condition where) {
		return sql.select(MILESTONES.fields())
			.select(TASK_COUNT, DONE_COUNT)
			.from(MILESTONES)
			.where(where)
			.orderBy(MILESTONES.DUE_DATE.asc().nullsLast(), MILESTONES.CREATED_AT, MILESTONES.ID)
			.fetch(this::toMilestone);
	}

	private Milestone toMilestone(Record row) {
		var r = row.into(MILESTONES);
		OrgId org = new OrgId(r.getOrgId());
		return new Milestone(r.getId(), org, new ProjectId(r.getProjectId()),
				cipher.open(org, FieldCipher.Column.MILESTONE_NAME, r.getId(), r.getName()),
				Optional.ofNullable(r.getDueDate()), Milestone.State.parse("state", r.getState()), row.get(TASK_COUNT),
				row.get(DONE_COUNT), new UserId(r.getCreatedBy()), r.getCreatedAt(), r.getUpdatedAt());
	}

}
