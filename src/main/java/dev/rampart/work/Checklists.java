package dev.rampart.work;

import static dev.rampart.db.schema.Tables.CHECKLIST_ITEMS;
import static dev.rampart.db.schema.Tables.TASKS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.ChecklistItemsRecord;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Checklists on tasks: whoever may read the task reads its checklist; whoever may update
 * the task adds, edits, ticks, moves and removes items. Item text is sealed with the
 * organization's key. Changes to one task's checklist are serialised on the task's row,
 * so positions stay 0..n-1 without gaps or duplicates.
 */
@Service
@EnableConfigurationProperties(ChecklistSettings.class)
public class Checklists {

	public static final int TEXT_MAX = 1_000;

	static final String ITEM = "checklist item";

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final FieldCipher cipher;

	private final ChecklistSettings settings;

	private final ApplicationEventPublisher events;

	Checklists(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock, FieldCipher cipher,
			ChecklistSettings settings) {
		this.events = events;
		this.db = db;
		this.access = access;
		this.clock = clock;
		this.cipher = cipher;
		this.settings = settings;
	}

	/** The task's checklist, in order. */
	public List<ChecklistItem> list(Actor actor, TaskId task) {
		access.require(actor, Permission.TASK_READ, task);
		return db.read(DbContext.user(actor.userId()), sql -> items(sql, task));
	}

	/**
	 * The checklists of these tasks in one statement (a page of tasks); a task the actor
	 * cannot see has none (row-level security).
	 */
	public Map<TaskId, List<ChecklistItem>> forTasks(Actor actor, Collection<TaskId> tasks) {
		List<UUID> ids = tasks.stream().map(TaskId::value).distinct().toList();
		Map<TaskId, List<ChecklistItem>> byTask = new LinkedHashMap<>();
		ids.forEach(id -> byTask.put(new TaskId(id), new ArrayList<>()));
		if (ids.isEmpty()) {
			return byTask;
		}
		db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(CHECKLIST_ITEMS)
					.where(CHECKLIST_ITEMS.TASK_ID.in(ids))
					.orderBy(CHECKLIST_ITEMS.TASK_ID, CHECKLIST_ITEMS.POSITION)
					.fetch(this::toItem))
			.forEach(item -> byTask.get(item.taskId()).add(item));
		return byTask;
	}

	/** Adds an item at the end of the task's checklist. */
	public ChecklistItem add(Actor actor, TaskId task, String text) {
		String valid = validText(text);
		Resource.Task resource = access.require(actor, Permission.TASK_UPDATE, task).resource();
		UUID id = UUID.randomUUID();
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			lockTask(sql, task);
			int count = sql.fetchCount(CHECKLIST_ITEMS, CHECKLIST_ITEMS.TASK_ID.eq(task.value()));
			if (count >= settings.maxItemsPerTask()) {
				throw new Conflict("the checklist already has " + settings.maxItemsPerTask() + " items");
			}
			ChecklistItemsRecord row = sql.insertInto(CHECKLIST_ITEMS)
				.set(newRow(resource.org(), resource.project(), task, id, count, valid, actor.userId(), now))
				.returning()
				.fetchSingle();
			events.publishEvent(new WorkEvent.ChecklistItemAdded(resource.org(), task, id));
			return toItem(row);
		});
	}

	/**
	 * Changes an item: its text, whether it is done (who and when are recorded) and its
	 * place ({@code position}: the index it moves to, the others close up). What is null
	 * stays as it is.
	 */
	public ChecklistItem update(Actor actor, TaskId task, UUID item, @Nullable String text, @Nullable Boolean done,
			@Nullable Integer position) {
		String valid = text == null ? null : validText(text);
		if (valid == null && done == null && position == null) {
			throw new InvalidInput("body", "name at least one of text, done, position");
		}
		Resource.Task resource = access.require(actor, Permission.TASK_UPDATE, task).resource();
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			lockTask(sql, task);
			ChecklistItemsRecord row = sql.selectFrom(CHECKLIST_ITEMS)
				.where(CHECKLIST_ITEMS.ID.eq(item))
				.and(CHECKLIST_ITEMS.TASK_ID.eq(task.value()))
				.fetchOptional()
				.orElseThrow(() -> new NotFound(ITEM));
			Set<String> fields = new LinkedHashSet<>();
			var update = sql.update(CHECKLIST_ITEMS).set(CHECKLIST_ITEMS.UPDATED_AT, now);
			if (valid != null) {
				update = update.set(CHECKLIST_ITEMS.TEXT,
						cipher.seal(resource.org(), FieldCipher.Column.CHECKLIST_ITEM_TEXT, item, valid));
				fields.add("text");
			}
			if (done != null && done != (row.getDoneAt() != null)) {
				update = update.set(CHECKLIST_ITEMS.DONE_AT, done ? now : null)
					.set(CHECKLIST_ITEMS.DONE_BY, done ? actor.userId().value() : null);
				fields.add("done");
			}
			update.where(CHECKLIST_ITEMS.ID.eq(item)).execute();
			if (position != null && !position.equals(row.getPosition())) {
				move(sql, task, item, position);
				fields.add("position");
			}
			events.publishEvent(new WorkEvent.ChecklistItemChanged(resource.org(), task, item, Set.copyOf(fields)));
			return toItem(sql.selectFrom(CHECKLIST_ITEMS).where(CHECKLIST_ITEMS.ID.eq(item)).fetchSingle());
		});
	}

	/** Removes an item; those after it move up one place. */
	public void remove(Actor actor, TaskId task, UUID item) {
		Resource.Task resource = access.require(actor, Permission.TASK_UPDATE, task).resource();
		db.write(DbContext.user(actor.userId()), sql -> {
			lockTask(sql, task);
			Database.requireChanged(sql.deleteFrom(CHECKLIST_ITEMS)
				.where(CHECKLIST_ITEMS.ID.eq(item))
				.and(CHECKLIST_ITEMS.TASK_ID.eq(task.value()))
				.execute(), () -> new NotFound(ITEM));
			renumber(sql, items(sql, task).stream().map(ChecklistItem::id).toList());
			events.publishEvent(new WorkEvent.ChecklistItemRemoved(resource.org(), task, item));
			return null;
		});
	}

	/** One line, like a title: a step to tick, not a document. */
	/** A new checklist item's row, its text sealed (valid already). */
	ChecklistItemsRecord newRow(OrgId org, dev.rampart.shared.ProjectId project, TaskId task, UUID id, int position,
			String text, UserId actor, Instant now) {
		ChecklistItemsRecord row = new ChecklistItemsRecord();
		row.setId(id);
		row.setOrgId(org.value());
		row.setProjectId(project.value());
		row.setTaskId(task.value());
		row.setPosition(position);
		row.setText(cipher.seal(org, FieldCipher.Column.CHECKLIST_ITEM_TEXT, id, text));
		row.setCreatedBy(actor.value());
		row.setCreatedAt(now);
		row.setUpdatedAt(now);
		return row;
	}

	private static String validText(String text) {
		return TextFields.name("text", text, TEXT_MAX);
	}

	/**
	 * Serialises checklist changes of one task (positions are computed from the rows); a
	 * task that is gone is not found.
	 */
	private static void lockTask(DSLContext sql, TaskId task) {
		sql.selectOne()
			.from(TASKS)
			.where(TASKS.ID.eq(task.value()))
			.forNoKeyUpdate()
			.fetchOptional()
			.orElseThrow(() -> new NotFound("task"));
	}

	private void move(DSLContext sql, TaskId task, UUID item, int position) {
		List<UUID> order = new ArrayList<>(items(sql, task).stream().map(ChecklistItem::id).toList());
		if (position < 0 || position >= order.size()) {
			throw new InvalidInput("position", "must be between 0 and " + (order.size() - 1));
		}
		order.remove(item);
		order.add(position, item);
		renumber(sql, order);
	}

	/** Positions 0..n-1 in this order, in one statement (the unique key is deferred). */
	private static void renumber(DSLContext sql, List<UUID> order) {
		if (order.isEmpty()) {
			return;
		}
		List<org.jooq.Row2<UUID, Integer>> rows = new ArrayList<>();
		for (int i = 0; i < order.size(); i++) {
			rows.add(DSL.row(DSL.val(order.get(i)), DSL.val(i)));
		}
		var places = DSL.values(rows.toArray(org.jooq.Row2[]::new)).as("places", "id", "position");
		sql.update(CHECKLIST_ITEMS)
			.set(CHECKLIST_ITEMS.POSITION, places.field("position", Integer.class))
			.from(places)
			.where(CHECKLIST_ITEMS.ID.eq(places.field("id", UUID.class)))
			.and(CHECKLIST_ITEMS.POSITION.ne(places.field("position", Integer.class)))
			.execute();
	}

	private List<ChecklistItem> items(DSLContext sql, TaskId task) {
		return sql.selectFrom(CHECKLIST_ITEMS)
			.where(CHECKLIST_ITEMS.TASK_ID.eq(task.value()))
			.orderBy(CHECKLIST_ITEMS.POSITION)
			.fetch(this::toItem);
	}

	private ChecklistItem toItem(ChecklistItemsRecord r) {
		OrgId org = new OrgId(r.getOrgId());
		return new ChecklistItem(r.getId(), new TaskId(r.getTaskId()), r.getPosition(),
				cipher.open(org, FieldCipher.Column.CHECKLIST_ITEM_TEXT, r.getId(), r.getText()),
				Optional.ofNullable(r.getDoneBy()).map(UserId::new), Optional.ofNullable(r.getDoneAt()),
				new UserId(r.getCreatedBy()), r.getCreatedAt(), r.getUpdatedAt());
	}

}
