package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ACCOUNT_NAMES;
import static dev.rampart.db.schema.Tables.COMMENTS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.CommentsRecord;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.CommentId;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** Comments on tasks, oldest first. */
@Service
public class Comments {

	public static final int BODY_MAX = 20_000;

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final FieldCipher cipher;

	private final DisplayNames names;

	private final ApplicationEventPublisher events;

	private final Mentions mentions;

	private final SearchTerms terms;

	Comments(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock, FieldCipher cipher,
			DisplayNames names, Mentions mentions, SearchTerms terms) {
		this.terms = terms;
		this.mentions = mentions;
		this.events = events;
		this.names = names;
		this.cipher = cipher;
		this.db = db;
		this.access = access;
		this.clock = clock;
	}

	public Page<Comment> list(Actor actor, TaskId task, PageRequest page) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			Resource.Task resource = access.require(actor, Permission.TASK_READ, task).resource();
			Condition condition = COMMENTS.TASK_ID.eq(task.value())
				.and(COMMENTS.PROJECT_ID.eq(resource.project().value()));
			if (page.after().isPresent()) {
				condition = condition.and(DSL.row(COMMENTS.CREATED_AT, COMMENTS.ID)
					.gt(page.after().get().createdAt(), page.after().get().id()));
			}
			// The author's sealed name in the same statement (identity's read view);
			// row-level security leaves it out where the reader may not see the author.
			List<Comment> rows = sql.select(COMMENTS.fields())
				.select(ACCOUNT_NAMES.DISPLAY_NAME, ACCOUNT_NAMES.DELETED_AT)
				.from(COMMENTS)
				.leftJoin(ACCOUNT_NAMES)
				.on(ACCOUNT_NAMES.ID.eq(COMMENTS.AUTHOR_ID))
				.where(condition)
				.orderBy(COMMENTS.CREATED_AT, COMMENTS.ID)
				.limit(page.limit() + 1)
				.fetch(row -> {
					Comment comment = toComment(row.into(COMMENTS));
					byte[] name = row.get(ACCOUNT_NAMES.DISPLAY_NAME);
					return name == null ? comment : comment.named(java.util.Map.of(comment.authorId(),
							names.open(comment.authorId(), name, row.get(ACCOUNT_NAMES.DELETED_AT))));
				});
			return Page.of(rows, page.limit(), last -> new PageRequest.Position(last.createdAt(), last.id().value()));
		});
	}

	/**
	 * Every comment of these tasks, oldest first, with their authors' names, in one
	 * statement (an export's page of tasks); a task the actor cannot see has none
	 * (row-level security).
	 */
	public java.util.Map<TaskId, List<Comment>> forTasks(Actor actor, java.util.Collection<TaskId> tasks) {
		List<java.util.UUID> ids = tasks.stream().map(TaskId::value).distinct().toList();
		java.util.Map<TaskId, List<Comment>> byTask = new java.util.LinkedHashMap<>();
		ids.forEach(id -> byTask.put(new TaskId(id), new java.util.ArrayList<>()));
		if (ids.isEmpty()) {
			return byTask;
		}
		db.read(DbContext.user(actor.userId()),
				sql -> sql.select(COMMENTS.fields())
					.select(ACCOUNT_NAMES.DISPLAY_NAME, ACCOUNT_NAMES.DELETED_AT)
					.from(COMMENTS)
					.leftJoin(ACCOUNT_NAMES)
					.on(ACCOUNT_NAMES.ID.eq(COMMENTS.AUTHOR_ID))
					.where(COMMENTS.TASK_ID.in(ids))
					.orderBy(COMMENTS.CREATED_AT, COMMENTS.ID)
					.fetch(row -> {
						Comment comment = toComment(row.into(COMMENTS));
						byte[] name = row.get(ACCOUNT_NAMES.DISPLAY_NAME);
						return name == null ? comment : comment.named(java.util.Map.of(comment.authorId(),
								names.open(comment.authorId(), name, row.get(ACCOUNT_NAMES.DELETED_AT))));
					}))
			.forEach(comment -> byTask.get(comment.taskId()).add(comment));
		return byTask;
	}

	public Comment create(Actor actor, TaskId task, String body) {
		String text = TextFields.text("body", body, BODY_MAX);
		if (text.isBlank()) {
			throw new dev.rampart.shared.InvalidInput("body", "must not be blank");
		}
		Resource.Task resource = access.require(actor, Permission.TASK_COMMENT, task).resource();
		CommentId id = CommentId.random();
		Instant now = Clocks.now(clock);
		// The author's name read in the same transaction as the insert (no second one).
		return db.write(DbContext.user(actor.userId()), sql -> {
			Mentions.Resolved resolved = mentions.resolve(sql, actor.userId(), task, text);
			String saved = resolved.text();
			sql.insertInto(COMMENTS)
				.set(newRow(resource.org(), resource.project(), task, id, actor.userId(), saved, now))
				.execute();
			// The mentioned first: they are told of the mention, not of the comment too.
			if (!resolved.people().isEmpty()) {
				events.publishEvent(
						new WorkEvent.Mentioned(resource.org(), task, java.util.Optional.of(id), resolved.people()));
			}
			events.publishEvent(new WorkEvent.CommentAdded(resource.org(), task, id));
			return new Comment(id, task, actor.userId(), saved, now, java.util.Optional.empty(),
					names.of(sql, java.util.Optional.of(actor.userId())));
		});
	}

	/**
	 * Its author changes a comment's text while still allowed to comment on the task;
	 * nobody else may put words in their mouth (managers can delete, not edit). The edit
	 * is recorded and the comment says when it was last edited.
	 */
	public Comment update(Actor actor, CommentId comment, String body) {
		String text = TextFields.text("body", body, BODY_MAX);
		if (text.isBlank()) {
			throw new dev.rampart.shared.InvalidInput("body", "must not be blank");
		}
		Resource.Comment resource = access.requireAuthor(actor, comment).resource();
		Instant now = Clocks.now(clock);
		OrgId org = resource.org();
		return db.write(DbContext.user(actor.userId()), sql -> {
			String previous = sql.selectFrom(COMMENTS)
				.where(COMMENTS.ID.eq(comment.value()))
				.fetchOptional(this::toComment)
				.map(Comment::body)
				.orElse("");
			Mentions.Resolved resolved = mentions.resolve(sql, actor.userId(), resource.task().task(), text);
			dev.rampart.db.Database.requireChanged(sql.update(COMMENTS)
				.set(COMMENTS.BODY, cipher.seal(org, FieldCipher.Column.COMMENT_BODY, comment.value(), resolved.text()))
				.set(COMMENTS.BODY_TERMS, terms.comment(org, resolved.text()))
				.set(COMMENTS.PLAIN, false)
				.set(COMMENTS.EDITED_AT, now)
				.where(COMMENTS.ID.eq(comment.value()))
				.and(COMMENTS.AUTHOR_ID.eq(actor.userId().value()))
				.and(COMMENTS.PROJECT_ID.eq(resource.task().project().value()))
				.execute(), () -> new dev.rampart.shared.NotFound("comment"));
			events.publishEvent(new WorkEvent.CommentChanged(org, resource.task().task(), comment, false));
			java.util.Set<UserId> fresh = new java.util.LinkedHashSet<>(resolved.people());
			fresh.removeAll(Mentions.mentioned(previous));
			if (!fresh.isEmpty()) {
				events.publishEvent(new WorkEvent.Mentioned(org, resource.task().task(), java.util.Optional.of(comment),
						java.util.Set.copyOf(fresh)));
			}
			CommentsRecord row = sql.selectFrom(COMMENTS).where(COMMENTS.ID.eq(comment.value())).fetchSingle();
			return toComment(row).named(names.of(sql, List.of(actor.userId())));
		});
	}

	/**
	 * Project managers delete any comment; authors who may still comment delete their
	 * own.
	 */
	public void delete(Actor actor, CommentId comment) {
		Resource.Comment resource = access.require(actor, Permission.COMMENT_DELETE, comment).resource();
		db.write(DbContext.user(actor.userId()), sql -> {
			int deleted = sql.deleteFrom(COMMENTS)
				.where(COMMENTS.ID.eq(comment.value()))
				.and(COMMENTS.PROJECT_ID.eq(resource.task().project().value()))
				.execute();
			if (deleted > 0) {
				events
					.publishEvent(new WorkEvent.CommentChanged(resource.org(), resource.task().task(), comment, true));
			}
			return deleted;
		});
	}

	/**
	 * How many comments each task has, in one statement; tasks the actor cannot see count
	 * none (row-level security hides their comments).
	 */
	public Map<TaskId, Integer> counts(Actor actor, Collection<TaskId> taskIds) {
		List<UUID> ids = taskIds.stream().map(TaskId::value).distinct().toList();
		Map<TaskId, Integer> counts = new HashMap<>();
		db.read(DbContext.user(actor.userId()),
				sql -> sql.select(COMMENTS.TASK_ID, DSL.count())
					.from(COMMENTS)
					.where(COMMENTS.TASK_ID.in(ids))
					.groupBy(COMMENTS.TASK_ID)
					.fetch())
			.forEach(r -> counts.put(new TaskId(r.value1()), r.value2()));
		ids.forEach(id -> counts.putIfAbsent(new TaskId(id), 0));
		return counts;
	}

	/**
	 * A new comment's row, its body sealed and indexed for search (valid already): one
	 * place for what writing a comment stores, one or an import's many.
	 */
	CommentsRecord newRow(OrgId org, dev.rampart.shared.ProjectId project, TaskId task, CommentId id, UserId author,
			String body, Instant now) {
		CommentsRecord row = new CommentsRecord();
		row.setId(id.value());
		row.setOrgId(org.value());
		row.setProjectId(project.value());
		row.setTaskId(task.value());
		row.setAuthorId(author.value());
		row.setBody(cipher.seal(org, FieldCipher.Column.COMMENT_BODY, id.value(), body));
		row.setBodyTerms(terms.comment(org, body));
		row.setCreatedAt(now);
		return row;
	}

	private Comment toComment(CommentsRecord r) {
		return new Comment(new CommentId(r.getId()), new TaskId(r.getTaskId()), new UserId(r.getAuthorId()),
				cipher.open(new OrgId(r.getOrgId()), FieldCipher.Column.COMMENT_BODY, r.getId(), r.getBody(),
						r.getPlain()),
				r.getCreatedAt(), java.util.Optional.ofNullable(r.getEditedAt()), java.util.Optional.empty());
	}

}
