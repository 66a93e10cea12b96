package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ACCOUNT_NAMES;
import static dev.rampart.db.schema.Tables.LABELS;
import static dev.rampart.db.schema.Tables.MILESTONES;
import static dev.rampart.db.schema.Tables.ORGANIZATIONS;
import static dev.rampart.db.schema.Tables.ORG_MEMBERS;
import static dev.rampart.db.schema.Tables.PROJECTS;
import static dev.rampart.db.schema.Tables.PROJECT_MEMBERS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.TASK_GRANTS;
import static dev.rampart.db.schema.Tables.TASK_LABELS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Authorized;
import dev.rampart.access.CredentialPolicies;
import dev.rampart.access.OrgRole;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.TasksRecord;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Forbidden;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import dev.rampart.shared.UserRef;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Tasks of a project.
 * <p>
 * Longer than most classes because the task aggregate, its keyset-paginated lists in four
 * orders and its filters share the row mapping and the sealed-field handling.
 */
@Service
@org.springframework.boot.context.properties.EnableConfigurationProperties(PlanningSettings.class)
public class Tasks {

	public static final int TITLE_MAX = 500;

	public static final int DESCRIPTION_MAX = 50_000;

	/** Words a title search may name (each is one index look-up). */
	public static final int MAX_SEARCH_WORDS = 8;

	private static final String TASK = "task";

	private static final LocalDate EARLIEST_DUE = LocalDate.of(1900, 1, 1);

	private static final LocalDate LATEST_DUE = LocalDate.of(9999, 12, 31);

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final FieldCipher cipher;

	private final DisplayNames names;

	private final OrgPeople people;

	private final ApplicationEventPublisher events;

	private final CredentialPolicies credentials;

	private final ProjectKeys keys;

	private final PlanningSettings planning;

	private final Workflows workflows;

	private final TaskHistory history;

	private final Mentions mentions;

	private final SearchTerms terms;

	Tasks(ApplicationEventPublisher events, CredentialPolicies credentials, Database db, AccessPolicy access,
			Clock clock, FieldCipher cipher, DisplayNames names, OrgPeople people, ProjectKeys keys,
			PlanningSettings planning, Workflows workflows, TaskHistory history, Mentions mentions, SearchTerms terms) {
		this.terms = terms;
		this.mentions = mentions;
		this.workflows = workflows;
		this.history = history;
		this.keys = keys;
		this.planning = planning;
		this.events = events;
		this.credentials = credentials;
		this.people = people;
		this.names = names;
		this.cipher = cipher;
		this.db = db;
		this.access = access;
		this.clock = clock;
	}

	/**
	 * The project's tasks the actor can see, newest first, one page at a time: restricted
	 * tasks only where the actor may read them (creator, assignee, grant, or
	 * task.read_restricted).
	 */
	public Page<Task> list(Actor actor, ProjectId project, TaskFilter filter, PageRequest page) {
		// One transaction for the decision and the read: one context, one commit.
		return db.read(DbContext.user(actor.userId()), sql -> {
			Authorized<Resource.Project> allowed = access.require(actor, Permission.TASK_READ, project);
			UUID me = actor.userId().value();
			Condition condition = TASKS.PROJECT_ID.eq(project.value())
				.and(TASKS.ORG_ID.eq(allowed.resource().org().value()));
			if (!allowed.allows(Permission.TASK_READ_RESTRICTED)) {
				condition = condition.and(TASKS.VISIBILITY.eq(TaskVisibility.PROJECT.wireName())
					.or(TASKS.CREATED_BY.eq(me))
					.or(TASKS.ASSIGNEE_ID.eq(me))
					.or(TASKS.ID.in(liveGrantsOf(me))));
			}
			if (filter.status().isPresent()) {
				condition = condition.and(TASKS.STATUS.eq(filter.status().get().wireName()));
			}
			if (filter.assignee().isPresent()) {
				condition = condition.and(TASKS.ASSIGNEE_ID.eq(filter.assignee().get().value()));
			}
			if (filter.titleWords().isPresent()) {
				condition = condition
					.and(TASKS.TITLE_WORDS.contains(searchIndex(allowed.resource().org(), filter.titleWords().get())));
			}
			if (filter.priority().isPresent()) {
				condition = condition.and(TASKS.PRIORITY.eq(filter.priority().get().wireName()));
			}
			if (filter.dueFrom().isPresent()) {
				condition = condition.and(TASKS.DUE_DATE.ge(filter.dueFrom().get()));
			}
			if (filter.dueTo().isPresent()) {
				condition = condition.and(TASKS.DUE_DATE.le(filter.dueTo().get()));
			}
			if (filter.milestone().isPresent()) {
				condition = condition.and(TASKS.MILESTONE_ID.eq(filter.milestone().get()));
			}
			if (filter.sprint().isPresent()) {
				condition = condition
					.and(filter.sprint().get().sprint().map(TASKS.SPRINT_ID::eq).orElse(TASKS.SPRINT_ID.isNull()));
			}
			if (filter.label().isPresent()) {
				condition = condition.and(DSL.exists(DSL.selectOne()
					.from(TASK_LABELS)
					.where(TASK_LABELS.TASK_ID.eq(TASKS.ID))
					.and(TASK_LABELS.LABEL_ID.eq(filter.label().get()))));
			}
			return page(actor, condition, page, filter.order());
		});
	}

	/**
	 * Tasks assigned to the actor, across every organization they belong to, newest
	 * first.
	 */
	public Page<Task> assignedToMe(Actor actor, PageRequest page) {
		UUID me = actor.userId().value();
		return page(actor, TASKS.ASSIGNEE_ID.eq(me).and(TASKS.ORG_ID.in(memberOrgsOf(me))).and(scope(actor)), page);
	}

	/**
	 * Tasks shared with the actor by a live grant, across their organizations, newest
	 * first.
	 */
	public Page<Task> sharedWithMe(Actor actor, PageRequest page) {
		UUID me = actor.userId().value();
		return page(actor, TASKS.ID.in(liveGrantsOf(me)).and(TASKS.ORG_ID.in(memberOrgsOf(me))).and(scope(actor)),
				page);
	}

	/**
	 * Lists across organizations leave out what the credential may not reach: the other
	 * organizations of an organization-scoped API token, and organizations requiring a
	 * second factor of an account without one.
	 */
	private Condition scope(Actor actor) {
		CredentialPolicies.ListScope reach = credentials.listScope(actor);
		Condition scope = reach.onlyOrganization().map(org -> TASKS.ORG_ID.eq(org.value())).orElse(DSL.trueCondition());
		if (reach.withoutOrganizationsRequiringMfa()) {
			scope = scope.and(TASKS.ORG_ID
				.notIn(DSL.select(ORGANIZATIONS.ID).from(ORGANIZATIONS).where(ORGANIZATIONS.REQUIRE_MFA)));
		}
		return scope;
	}

	private Page<Task> page(Actor actor, Condition condition, PageRequest page) {
		return page(actor, condition, page, TaskOrder.NEWEST);
	}

	/** Tasks without a due date sort after every real one. */
	private static final LocalDate NO_DUE_DATE = LocalDate.of(9999, 12, 31);

	private static final org.jooq.Field<LocalDate> DUE_KEY = DSL.coalesce(TASKS.DUE_DATE, DSL.val(NO_DUE_DATE));

	/** A priority's place in the priority order: urgent 0, high 1, medium 2, low 3. */
	private static int rank(TaskPriority priority) {
		return TaskPriority.URGENT.ordinal() - priority.ordinal();
	}

	/** {@link #rank} in SQL. */
	private static final org.jooq.Field<Integer> PRIORITY_RANK = DSL.case_(TASKS.PRIORITY)
		.mapValues(java.util.Arrays.stream(TaskPriority.values())
			.collect(java.util.stream.Collectors.toMap(TaskPriority::wireName, Tasks::rank)));

	/**
	 * One page in the given order, continuing after the cursor's row (keyset pagination).
	 */
	private Page<Task> page(Actor actor, Condition condition, PageRequest page, TaskOrder order) {
		if (page.after().isPresent()) {
			PageRequest.Position after = page.after().get();
			String cursorOrder = after.order() == null ? TaskOrder.NEWEST.wireName() : after.order();
			if (!cursorOrder.equals(order.wireName())) {
				throw new InvalidInput(page.cursorField(),
						"is the cursor of a list in another order (" + cursorOrder + ")");
			}
			condition = condition.and(after(order, after, page.cursorField()));
		}
		Condition where = condition;
		List<org.jooq.SortField<?>> sort = switch (order) {
			case NEWEST -> List.of(TASKS.CREATED_AT.desc(), TASKS.ID.desc());
			case OLDEST -> List.of(TASKS.CREATED_AT.asc(), TASKS.ID.asc());
			case DUE_DATE -> List.of(DUE_KEY.asc(), TASKS.CREATED_AT.asc(), TASKS.ID.asc());
			case PRIORITY -> List.of(PRIORITY_RANK.asc(), TASKS.CREATED_AT.desc(), TASKS.ID.desc());
			case RANK -> List.of(TASKS.RANK_KEY.asc(), TASKS.ID.asc());
		};
		ProjectKeyCache projectKeys = new ProjectKeyCache();
		List<Task> rows = db.read(DbContext.user(actor.userId()),
				sql -> withAssigneeNames(sql).where(where)
					.orderBy(sort)
					.limit(page.limit() + 1)
					.fetch(row -> toNamedTask(row, projectKeys)));
		return Page.of(rows, page.limit(), last -> position(order, last));
	}

	private static PageRequest.Position position(TaskOrder order, Task task) {
		return switch (order) {
			case NEWEST -> new PageRequest.Position(task.createdAt(), task.id().value());
			case OLDEST -> new PageRequest.Position(task.createdAt(), task.id().value(), order.wireName(), "");
			case DUE_DATE -> new PageRequest.Position(task.createdAt(), task.id().value(), order.wireName(),
					task.dueDate().map(LocalDate::toString).orElse(""));
			case PRIORITY -> new PageRequest.Position(task.createdAt(), task.id().value(), order.wireName(),
					task.priority().wireName());
			case RANK -> new PageRequest.Position(task.createdAt(), task.id().value(), order.wireName(),
					task.placement().rank());
		};
	}

	private static Condition after(TaskOrder order, PageRequest.Position after, String cursorField) {
		try {
			return switch (order) {
				case NEWEST -> DSL.row(TASKS.CREATED_AT, TASKS.ID).lt(after.createdAt(), after.id());
				case OLDEST -> DSL.row(TASKS.CREATED_AT, TASKS.ID).gt(after.createdAt(), after.id());
				case DUE_DATE -> {
					String key = java.util.Objects.requireNonNullElse(after.key(), "");
					LocalDate due = key.isEmpty() ? NO_DUE_DATE : LocalDate.parse(key);
					yield DSL.row(DUE_KEY, TASKS.CREATED_AT, TASKS.ID)
						.gt(DSL.val(due), DSL.val(after.createdAt()), DSL.val(after.id()));
				}
				case PRIORITY -> {
					int rank = rank(
							TaskPriority.parse(cursorField, java.util.Objects.requireNonNullElse(after.key(), "")));
					yield PRIORITY_RANK.gt(rank)
						.or(PRIORITY_RANK.eq(rank)
							.and(DSL.row(TASKS.CREATED_AT, TASKS.ID).lt(after.createdAt(), after.id())));
				}
				case RANK -> {
					String rank = java.util.Objects.requireNonNullElse(after.key(), "");
					if (!Ranks.valid(rank)) {
						throw new InvalidInput(cursorField, "is not a cursor this API returned");
					}
					yield DSL.row(TASKS.RANK_KEY, TASKS.ID).gt(rank, after.id());
				}
			};
		}
		catch (java.time.DateTimeException | InvalidInput ex) {
			throw new InvalidInput(cursorField, "is not a cursor this API returned");
		}
	}

	/**
	 * The index values a title search looks for: every word of the query, at most
	 * {@link #MAX_SEARCH_WORDS}.
	 */
	private byte[][] searchIndex(OrgId org, String query) {
		if (query.length() > TITLE_MAX) {
			throw new InvalidInput("search", "must be at most " + TITLE_MAX + " characters");
		}
		byte[][] words = cipher.wordIndex(org, FieldCipher.Column.TASK_TITLE, query);
		if (words.length == 0) {
			throw new InvalidInput("search", "must contain a word (letters or digits)");
		}
		if (words.length > MAX_SEARCH_WORDS) {
			throw new InvalidInput("search", "must have at most " + MAX_SEARCH_WORDS + " words");
		}
		return words;
	}

	private static org.jooq.Select<org.jooq.Record1<UUID>> liveGrantsOf(UUID user) {
		return DSL.select(TASK_GRANTS.TASK_ID)
			.from(TASK_GRANTS)
			.where(TASK_GRANTS.USER_ID.eq(user))
			.and(TASK_GRANTS.EXPIRES_AT.isNull().or(TASK_GRANTS.EXPIRES_AT.gt(DSL.currentInstant())));
	}

	private static org.jooq.Select<org.jooq.Record1<UUID>> memberOrgsOf(UUID user) {
		return DSL.select(ORG_MEMBERS.ORG_ID).from(ORG_MEMBERS).where(ORG_MEMBERS.USER_ID.eq(user));
	}

	public Task create(Actor actor, ProjectId project, NewTask task) {
		String title = TextFields.name("title", task.title(), TITLE_MAX);
		String description = TextFields.text("description", task.description(), DESCRIPTION_MAX);
		task.dueDate().ifPresent(due -> requireSensibleDate("dueDate", due));
		task.plan().startDate().ifPresent(start -> requireSensibleDate("startDate", start));
		requireStartNotAfterDue(task.plan().startDate().orElse(null), task.dueDate().orElse(null));
		if (task.plan().labels().size() > planning.maxLabelsPerTask()) {
			throw new InvalidInput("labelIds", "must name at most " + planning.maxLabelsPerTask() + " labels");
		}
		Resource.Project resource = access.require(actor, Permission.TASK_CREATE, project).resource();
		TaskId id = TaskId.random();
		Instant now = Clocks.now(clock);
		// The new task, with its assignee's name read in the same transaction (no second
		// one).
		return db.write(DbContext.user(actor.userId()), sql -> {
			Optional<UserId> chosen = task.assignee().map(ref -> people.member(sql, resource.org(), ref));
			if (chosen.isPresent()) {
				requireAssignable(sql, resource, Optional.empty(), chosen.get(), task.assignee().get().field());
			}
			task.plan().milestone().ifPresent(m -> requireMilestoneOf(sql, project, m));
			requireLabelsOf(sql, resource.org(), task.plan().labels());
			TaskStatus status = task.status().orElseGet(() -> workflows.initialStatus(sql, project));
			task.status().ifPresent(given -> workflows.requireStatus(sql, project, given));
			ProjectKeys.Numbered numbered = keys.nextNumber(sql, resource.org(), project,
					() -> projectName(sql, resource.org(), project));
			sql.insertInto(TASKS)
				.set(newRow(resource.org(), project, id, title, description, task, status, chosen.orElse(null),
						numbered.number(), actor.userId(), now))
				.execute();
			addLabels(sql, actor, resource.org(), id, task.plan().labels(), now);
			events.publishEvent(new WorkEvent.TaskCreated(resource.org(), project, id));
			String saved = settleMentions(sql, actor, resource.org(), id, description, "");
			if (!saved.equals(description)) {
				sql.update(TASKS)
					.set(TASKS.TEXT_TERMS, terms.text(resource.org(), title, saved))
					.where(TASKS.ID.eq(id.value()))
					.execute();
			}
			return new Task(id, resource.org(), project, numbered.number(),
					Optional.of(numbered.key() + "-" + numbered.number()), title, saved, status, task.priority(),
					task.visibility(), chosen, task.plan().startDate(), task.dueDate(), task.plan().estimateMinutes(),
					task.plan().milestone(), task.plan().labels(), actor.userId(), now, actor.userId(), now, 1,
					names.of(sql, chosen), new Task.Placement(Optional.empty(), Optional.empty(), Ranks.ofTime(now)));
		});
	}

	/**
	 * A new task's row, its title and description sealed (valid already): one place for
	 * what creating a task writes, one task or a template's many.
	 */
	TasksRecord newRow(OrgId org, ProjectId project, TaskId id, String title, String description, NewTask task,
			TaskStatus status, @Nullable UserId assignee, int number, UserId actor, Instant now) {
		TasksRecord row = new TasksRecord();
		row.setId(id.value());
		row.setOrgId(org.value());
		row.setProjectId(project.value());
		row.setTitle(cipher.seal(org, FieldCipher.Column.TASK_TITLE, id.value(), title));
		row.setTitleWords(cipher.wordIndex(org, FieldCipher.Column.TASK_TITLE, title));
		row.setTitleTerms(terms.title(org, title));
		row.setTextTerms(terms.text(org, title, description));
		row.setDescription(cipher.seal(org, FieldCipher.Column.TASK_DESCRIPTION, id.value(), description));
		row.setStatus(status.wireName());
		row.setPriority(task.priority().wireName());
		row.setVisibility(task.visibility().wireName());
		row.setAssigneeId(assignee == null ? null : assignee.value());
		row.setDueDate(task.dueDate().orElse(null));
		row.setStartDate(task.plan().startDate().orElse(null));
		row.setEstimateMinutes(task.plan().estimateMinutes().orElse(null));
		row.setMilestoneId(task.plan().milestone().orElse(null));
		row.setNumber(number);
		row.setCreatedBy(actor.value());
		row.setCreatedAt(now);
		row.setUpdatedBy(actor.value());
		row.setUpdatedAt(now);
		row.setVersion(1);
		row.setRankKey(Ranks.ofTime(now));
		return row;
	}

	public Task get(Actor actor, TaskId task) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			access.require(actor, Permission.TASK_READ, task);
			return load(actor, task);
		});
	}

	/**
	 * For {@link #update}: apply the changes to whatever version is current
	 * ({@code If-Match: *}).
	 */
	public static final int ANY_VERSION = -1;

	/**
	 * Applies {@code changes} if the stored version is still {@code expectedVersion} (or
	 * to any version, {@link #ANY_VERSION}); otherwise {@link StaleVersion} and nothing
	 * changes. Changing the visibility needs task.share.
	 */
	public Task update(Actor actor, TaskId task, int expectedVersion, TaskChanges changes) {
		Authorized<Resource.Task> allowed = access.require(actor, Permission.TASK_UPDATE, task);
		if (changes.visibility().present() && !allowed.allows(Permission.TASK_SHARE)) {
			throw new Forbidden(Permission.TASK_SHARE.action());
		}
		Resource.Task resource = allowed.resource();
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()), sql -> {
			UserRef ref = changes.assignee().value();
			UserId assignee = ref == null ? null : people.member(sql, resource.org(), ref);
			if (assignee != null) {
				requireAssignable(sql, resource.projectResource(), Optional.of(task), assignee, ref.field());
			}
			sealIfPlain(sql, resource.org(), task);
			requirePlanFits(sql, resource, task, changes);
			Optional<Task> before = changes.title().present() || changes.description().present()
					? Optional.of(lockedTask(sql, task)) : Optional.empty();
			Optional<TaskStatus> from = Optional.empty();
			if (changes.status().present()) {
				TaskStatus current = sql.select(TASKS.STATUS)
					.from(TASKS)
					.where(TASKS.ID.eq(task.value()))
					.fetchOptional(TASKS.STATUS)
					.map(TaskStatus::new)
					.orElseThrow(() -> new NotFound(TASK));
				workflows.requireTransition(sql, actor.userId(), resource.org(), resource.project(), current,
						Projects.require("status", changes.status().value()));
				from = Optional.of(current);
			}
			int updated = applyChanges(resource.org(), task, assignee,
					sql.update(TASKS)
						.set(TASKS.VERSION, TASKS.VERSION.plus(1))
						.set(TASKS.UPDATED_BY, actor.userId().value())
						.set(TASKS.UPDATED_AT, now),
					changes)
				.where(TASKS.ID.eq(task.value()))
				.and(TASKS.PROJECT_ID.eq(resource.project().value()))
				.and(expectedVersion == ANY_VERSION ? DSL.noCondition() : TASKS.VERSION.eq(expectedVersion))
				// the transition was checked from this status
				.and(from.map(s -> TASKS.STATUS.eq(s.wireName())).orElse(DSL.noCondition()))
				.execute();
			if (updated == 0) {
				// Thrown inside: the transaction, and the success entry it would carry,
				// roll back.
				throw new StaleVersion(sql.select(TASKS.VERSION)
					.from(TASKS)
					.where(TASKS.ID.eq(task.value()))
					.fetchOptional(TASKS.VERSION)
					.orElseThrow(() -> new NotFound("task")));
			}
			if (before.isPresent()) {
				Task changed = lockedTask(sql, task);
				if (changes.description().present()) {
					String settled = settleMentions(sql, actor, resource.org(), task, changed.description(),
							before.get().description());
					if (!settled.equals(changed.description())) {
						changed = lockedTask(sql, task);
					}
				}
				sql.update(TASKS)
					.set(TASKS.TITLE_TERMS, terms.title(resource.org(), changed.title()))
					.set(TASKS.TEXT_TERMS, terms.text(resource.org(), changed.title(), changed.description()))
					.where(TASKS.ID.eq(task.value()))
					.execute();
				if (changes.title().present()) {
					history.recordText(sql, actor, resource, "title", before.get().title(), changed.title(), now);
				}
				if (changes.description().present()) {
					history.recordText(sql, actor, resource, "description", before.get().description(),
							changed.description(), now);
				}
			}
			if (changes.labels().present()) {
				replaceLabels(sql, actor, resource, Projects.require("labelIds", changes.labels().value()), now);
			}
			events.publishEvent(new WorkEvent.TaskUpdated(resource.org(), task, changes.fields()));
			return null;
		});
		return load(actor, task);
	}

	public void delete(Actor actor, TaskId task) {
		Resource.Task resource = access.require(actor, Permission.TASK_DELETE, task).resource();
		db.write(DbContext.user(actor.userId()), sql -> {
			// Announced before the row goes: a listener reads the task as it was (a
			// webhook tells its last key and title to whoever could see it).
			events.publishEvent(new WorkEvent.TaskDeleted(resource.org(), task));
			return sql.deleteFrom(TASKS)
				.where(TASKS.ID.eq(task.value()))
				.and(TASKS.PROJECT_ID.eq(resource.project().value()))
				.execute();
		});
	}

	private Task load(Actor actor, TaskId task) {
		return db
			.read(DbContext.user(actor.userId()),
					sql -> withAssigneeNames(sql).where(TASKS.ID.eq(task.value()))
						.fetchOptional(row -> toNamedTask(row, new ProjectKeyCache())))
			.orElseThrow(() -> new NotFound(TASK));
	}

	/**
	 * Tasks with their assignee's sealed display name, in the same statement through
	 * identity's read view, their project's key and their labels (row-level security
	 * leaves the name out where the reader may not see the person).
	 */
	private org.jooq.SelectOnConditionStep<Record> withAssigneeNames(DSLContext sql) {
		return sql.select(TASKS.fields())
			.select(ACCOUNT_NAMES.DISPLAY_NAME, ACCOUNT_NAMES.DELETED_AT, PROJECTS.TASK_KEY, LABEL_IDS)
			.from(TASKS)
			.leftJoin(ACCOUNT_NAMES)
			.on(ACCOUNT_NAMES.ID.eq(TASKS.ASSIGNEE_ID))
			.leftJoin(PROJECTS)
			.on(PROJECTS.ID.eq(TASKS.PROJECT_ID));
	}

	/**
	 * A task's labels in the order they were put on, in the task's own statement (no
	 * statement more for a page of tasks).
	 */
	private static final org.jooq.Field<UUID[]> LABEL_IDS = DSL
		.array(DSL.select(TASK_LABELS.LABEL_ID)
			.from(TASK_LABELS)
			.where(TASK_LABELS.TASK_ID.eq(TASKS.ID))
			.orderBy(TASK_LABELS.CREATED_AT, TASK_LABELS.LABEL_ID))
		.as("label_ids");

	/**
	 * The keys of the projects of one page, each opened once (a page of tasks is mostly
	 * one project's).
	 */
	private static final class ProjectKeyCache extends java.util.HashMap<ProjectId, Optional<String>> {

		private static final long serialVersionUID = 1L;

	}

	private Task toNamedTask(Record row, ProjectKeyCache projectKeys) {
		Task unnamed = toTask(row.into(TASKS))
			.labelled(Optional.ofNullable(row.get(LABEL_IDS)).map(List::of).orElse(List.of()));
		Task task = unnamed.keyed(projectKeys.computeIfAbsent(unnamed.projectId(),
				project -> Optional.ofNullable(keys.open(unnamed.orgId(), project, row.get(PROJECTS.TASK_KEY)))));
		if (task.assignee().isEmpty() || row.get(ACCOUNT_NAMES.DISPLAY_NAME) == null) {
			return task;
		}
		UserId assignee = task.assignee().get();
		return task.named(java.util.Map.of(assignee,
				names.open(assignee, row.get(ACCOUNT_NAMES.DISPLAY_NAME), row.get(ACCOUNT_NAMES.DELETED_AT))));
	}

	/**
	 * A row written before sealing is sealed before it changes, so a row is never half
	 * plain.
	 */
	private void sealIfPlain(DSLContext sql, OrgId org, TaskId task) {
		TasksRecord row = sql.selectFrom(TASKS)
			.where(TASKS.ID.eq(task.value()))
			.and(TASKS.PLAIN)
			.forUpdate()
			.fetchOne();
		if (row != null) {
			Task current = toTask(row);
			sql.update(TASKS)
				.set(TASKS.TITLE, cipher.seal(org, FieldCipher.Column.TASK_TITLE, task.value(), current.title()))
				.set(TASKS.TITLE_WORDS, cipher.wordIndex(org, FieldCipher.Column.TASK_TITLE, current.title()))
				.set(TASKS.TITLE_TERMS, terms.title(org, current.title()))
				.set(TASKS.TEXT_TERMS, terms.text(org, current.title(), current.description()))
				.set(TASKS.DESCRIPTION,
						cipher.seal(org, FieldCipher.Column.TASK_DESCRIPTION, task.value(), current.description()))
				.set(TASKS.PLAIN, false)
				.where(TASKS.ID.eq(task.value()))
				.execute();
		}
	}

	private UpdateSetMoreStep<TasksRecord> applyChanges(OrgId org, TaskId task, @Nullable UserId assignee,
			UpdateSetMoreStep<TasksRecord> update, TaskChanges changes) {
		if (changes.title().present()) {
			String title = TextFields.name("title", Projects.require("title", changes.title().value()), TITLE_MAX);
			update = update.set(TASKS.TITLE, cipher.seal(org, FieldCipher.Column.TASK_TITLE, task.value(), title))
				.set(TASKS.TITLE_WORDS, cipher.wordIndex(org, FieldCipher.Column.TASK_TITLE, title));
		}
		if (changes.description().present()) {
			update = update.set(TASKS.DESCRIPTION,
					cipher.seal(org, FieldCipher.Column.TASK_DESCRIPTION, task.value(), TextFields.text("description",
							Projects.require("description", changes.description().value()), DESCRIPTION_MAX)));
		}
		if (changes.status().present()) {
			update = update.set(TASKS.STATUS, Projects.require("status", changes.status().value()).wireName());
		}
		if (changes.priority().present()) {
			update = update.set(TASKS.PRIORITY, Projects.require("priority", changes.priority().value()).wireName());
		}
		if (changes.assignee().present()) {
			update = update.set(TASKS.ASSIGNEE_ID, assignee == null ? null : assignee.value());
		}
		if (changes.visibility().present()) {
			update = update.set(TASKS.VISIBILITY,
					Projects.require("visibility", changes.visibility().value()).wireName());
		}
		if (changes.dueDate().present()) {
			update = update.set(TASKS.DUE_DATE, changes.dueDate().value());
		}
		if (changes.startDate().present()) {
			update = update.set(TASKS.START_DATE, changes.startDate().value());
		}
		if (changes.estimateMinutes().present()) {
			update = update.set(TASKS.ESTIMATE_MINUTES, changes.estimateMinutes().value());
		}
		if (changes.milestone().present()) {
			update = update.set(TASKS.MILESTONE_ID, changes.milestone().value());
		}
		if (changes.sprint().present()) {
			update = update.set(TASKS.SPRINT_ID, changes.sprint().value());
		}
		if (changes.storyPoints().present()) {
			update = update.set(TASKS.STORY_POINTS, changes.storyPoints().value());
		}
		return update;
	}

	/**
	 * An assignee must be able to work in the project (an owner or admin of its
	 * organization, or a project member) or, for an existing task, hold a live grant on
	 * it.
	 */
	private static void requireAssignable(DSLContext sql, Resource.Project resource, Optional<TaskId> task,
			UserId assignee, String field) {
		Condition grant = task
			.map(t -> DSL.exists(DSL.selectOne()
				.from(TASK_GRANTS)
				.where(TASK_GRANTS.TASK_ID.eq(t.value()))
				.and(TASK_GRANTS.USER_ID.eq(assignee.value()))
				.and(TASK_GRANTS.EXPIRES_AT.isNull().or(TASK_GRANTS.EXPIRES_AT.gt(DSL.currentInstant())))))
			.orElse(DSL.falseCondition());
		boolean assignable = sql.fetchExists(DSL.selectOne()
			.from(ORG_MEMBERS)
			.where(ORG_MEMBERS.ORG_ID.eq(resource.org().value()))
			.and(ORG_MEMBERS.USER_ID.eq(assignee.value()))
			.and(ORG_MEMBERS.ROLE.in(OrgRole.OWNER.wireName(), OrgRole.ADMIN.wireName())
				.or(DSL.exists(DSL.selectOne()
					.from(PROJECT_MEMBERS)
					.where(PROJECT_MEMBERS.PROJECT_ID.eq(resource.project().value()))
					.and(PROJECT_MEMBERS.USER_ID.eq(assignee.value()))))
				.or(grant)));
		if (!assignable) {
			throw new InvalidInput(field, "must be a member of the project or hold a grant on the task");
		}
	}

	private static void requireSensibleDate(String field, LocalDate date) {
		if (date.isBefore(EARLIEST_DUE) || date.isAfter(LATEST_DUE)) {
			throw new InvalidInput(field, "must be between 1900-01-01 and 9999-12-31");
		}
	}

	private static void requireStartNotAfterDue(@Nullable LocalDate start, @Nullable LocalDate due) {
		if (start != null && due != null && start.isAfter(due)) {
			throw new InvalidInput("startDate", "must not be after the due date (" + due + ")");
		}
	}

	/**
	 * The planning fields of a change checked against the task as it is (locked until the
	 * change commits): dates in range and in order, the milestone one of the task's
	 * project, the labels the organization's and not too many.
	 */
	private void requirePlanFits(DSLContext sql, Resource.Task resource, TaskId task, TaskChanges changes) {
		if (changes.dueDate().present() || changes.startDate().present()) {
			var current = sql.select(TASKS.START_DATE, TASKS.DUE_DATE)
				.from(TASKS)
				.where(TASKS.ID.eq(task.value()))
				.forUpdate()
				.fetchOptional()
				.orElseThrow(() -> new NotFound(TASK));
			LocalDate start = changes.startDate().present() ? changes.startDate().value() : current.value1();
			LocalDate due = changes.dueDate().present() ? changes.dueDate().value() : current.value2();
			if (changes.startDate().present() && start != null) {
				requireSensibleDate("startDate", start);
			}
			if (changes.dueDate().present() && due != null) {
				requireSensibleDate("dueDate", due);
			}
			requireStartNotAfterDue(start, due);
		}
		if (changes.milestone().present() && changes.milestone().value() != null) {
			requireMilestoneOf(sql, resource.project(), changes.milestone().value());
		}
		if (changes.sprint().present() && changes.sprint().value() != null) {
			Sprints.requireOpenSprintOf(sql, resource.project(), changes.sprint().value(), "sprintId");
		}
		if (changes.labels().present()) {
			List<UUID> labels = Projects.require("labelIds", changes.labels().value());
			if (labels.size() > planning.maxLabelsPerTask()) {
				throw new InvalidInput("labelIds", "must name at most " + planning.maxLabelsPerTask() + " labels");
			}
			requireLabelsOf(sql, resource.org(), labels);
		}
	}

	private static void requireMilestoneOf(DSLContext sql, ProjectId project, UUID milestone) {
		if (!sql.fetchExists(MILESTONES, MILESTONES.ID.eq(milestone).and(MILESTONES.PROJECT_ID.eq(project.value())))) {
			throw new InvalidInput("milestoneId", "is not a milestone of the task's project");
		}
	}

	private static void requireLabelsOf(DSLContext sql, OrgId org, List<UUID> labels) {
		if (labels.isEmpty()) {
			return;
		}
		List<UUID> known = sql.select(LABELS.ID)
			.from(LABELS)
			.where(LABELS.ID.in(labels))
			.and(LABELS.ORG_ID.eq(org.value()))
			.fetch(LABELS.ID);
		for (UUID label : labels) {
			if (!known.contains(label)) {
				throw new InvalidInput("labelIds", "names " + label + ", which is not a label of this organization");
			}
		}
	}

	private static void addLabels(DSLContext sql, Actor actor, OrgId org, TaskId task, List<UUID> labels, Instant now) {
		for (UUID label : labels) {
			sql.insertInto(TASK_LABELS)
				.set(TASK_LABELS.TASK_ID, task.value())
				.set(TASK_LABELS.LABEL_ID, label)
				.set(TASK_LABELS.ORG_ID, org.value())
				.set(TASK_LABELS.CREATED_BY, actor.userId().value())
				.set(TASK_LABELS.CREATED_AT, now)
				.onConflictDoNothing()
				.execute();
		}
	}

	/**
	 * The task's labels become exactly these (those it keeps keep their first date); the
	 * ones taken off and put on go into its history.
	 */
	private void replaceLabels(DSLContext sql, Actor actor, Resource.Task task, List<UUID> labels, Instant now) {
		List<UUID> removed = sql.deleteFrom(TASK_LABELS)
			.where(TASK_LABELS.TASK_ID.eq(task.task().value()))
			.and(labels.isEmpty() ? DSL.noCondition() : TASK_LABELS.LABEL_ID.notIn(labels))
			.returning(TASK_LABELS.LABEL_ID)
			.fetch(TASK_LABELS.LABEL_ID);
		List<UUID> before = sql.select(TASK_LABELS.LABEL_ID)
			.from(TASK_LABELS)
			.where(TASK_LABELS.TASK_ID.eq(task.task().value()))
			.fetch(TASK_LABELS.LABEL_ID);
		addLabels(sql, actor, task.org(), task.task(), labels, now);
		history.recordLabels(sql, actor, task, removed,
				labels.stream().filter(label -> !before.contains(label)).distinct().toList(), now);
	}

	/**
	 * Checks the mentions of a description just saved ({@link Mentions}), saves it again
	 * if that changed it, and announces the people newly mentioned (those
	 * {@code previous} did not name); the description as it now stands.
	 */
	private String settleMentions(DSLContext sql, Actor actor, OrgId org, TaskId task, String saved, String previous) {
		if (!Mentions.TOKEN.matcher(saved).find()) {
			return saved;
		}
		Mentions.Resolved resolved = mentions.resolve(sql, actor.userId(), task, saved);
		if (!resolved.text().equals(saved)) {
			sql.update(TASKS)
				.set(TASKS.DESCRIPTION,
						cipher.seal(org, FieldCipher.Column.TASK_DESCRIPTION, task.value(), resolved.text()))
				.where(TASKS.ID.eq(task.value()))
				.execute();
		}
		java.util.Set<UserId> fresh = new java.util.LinkedHashSet<>(resolved.people());
		fresh.removeAll(Mentions.mentioned(previous));
		if (!fresh.isEmpty()) {
			events.publishEvent(new WorkEvent.Mentioned(org, task, Optional.empty(), java.util.Set.copyOf(fresh)));
		}
		return resolved.text();
	}

	/** The task's row as it is now in this transaction, locked, opened. */
	private Task lockedTask(DSLContext sql, TaskId task) {
		return sql.selectFrom(TASKS)
			.where(TASKS.ID.eq(task.value()))
			.forUpdate()
			.fetchOptional(this::toTask)
			.orElseThrow(() -> new NotFound(TASK));
	}

	/** The project's name, opened (a project key is derived from it). */
	private String projectName(DSLContext sql, OrgId org, ProjectId project) {
		var row = sql.select(PROJECTS.NAME, PROJECTS.PLAIN)
			.from(PROJECTS)
			.where(PROJECTS.ID.eq(project.value()))
			.fetchOptional()
			.orElseThrow(() -> new NotFound(Projects.PROJECT));
		return cipher.open(org, FieldCipher.Column.PROJECT_NAME, project.value(), row.value1(), row.value2());
	}

	/**
	 * The task with this key ({@code WEB-42}) in the organization, if the actor may read
	 * it; otherwise, or if no task has the key, not found.
	 */
	public Task byKey(Actor actor, OrgId org, String key) {
		ProjectKeys.TaskKey parsed = ProjectKeys.parseTaskKey(key)
			.orElseThrow(() -> new InvalidInput("key", "must be a task key like WEB-42"));
		access.require(actor, Permission.ORG_READ, org);
		byte[] index = keys.index(org, parsed.project());
		Optional<UUID> found = db.read(DbContext.user(actor.userId()),
				sql -> sql.select(TASKS.ID)
					.from(TASKS)
					.join(PROJECTS)
					.on(PROJECTS.ID.eq(TASKS.PROJECT_ID))
					.where(PROJECTS.ORG_ID.eq(org.value()))
					.and(PROJECTS.TASK_KEY_INDEX.eq(index))
					.and(TASKS.NUMBER.eq(parsed.number()))
					.fetchOptional(TASKS.ID));
		return get(actor, new TaskId(found.orElseThrow(() -> new NotFound(TASK))));
	}

	Task toTask(TasksRecord r) {
		OrgId org = new OrgId(r.getOrgId());
		return new Task(new TaskId(r.getId()), org, new ProjectId(r.getProjectId()), r.getNumber(), Optional.empty(),
				cipher.open(org, FieldCipher.Column.TASK_TITLE, r.getId(), r.getTitle(), r.getPlain()),
				cipher.open(org, FieldCipher.Column.TASK_DESCRIPTION, r.getId(), r.getDescription(), r.getPlain()),
				new TaskStatus(r.getStatus()), TaskPriority.parse("priority", r.getPriority()),
				TaskVisibility.parse("visibility", r.getVisibility()),
				Optional.ofNullable(r.getAssigneeId()).map(UserId::new), Optional.ofNullable(r.getStartDate()),
				Optional.ofNullable(r.getDueDate()), Optional.ofNullable(r.getEstimateMinutes()),
				Optional.ofNullable(r.getMilestoneId()), List.of(), new UserId(r.getCreatedBy()), r.getCreatedAt(),
				new UserId(r.getUpdatedBy()), r.getUpdatedAt(), r.getVersion(), Optional.empty(),
				new Task.Placement(Optional.ofNullable(r.getSprintId()), Optional.ofNullable(r.getStoryPoints()),
						r.getRankKey() == null ? Ranks.ofTime(r.getCreatedAt()) : r.getRankKey()));
	}

}
