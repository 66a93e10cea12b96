package dev.rampart.work;

import static dev.rampart.db.schema.Tables.COMMENTS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.CommentsRecord;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.CommentId;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/** Comments on tasks, oldest first. */
@Service
public class Comments {

	static final int BODY_MAX = 20_000;

	private final Database db;

	private final AccessPolicy access;

	private final Tasks tasks;

	private final Clock clock;

	Comments(Database db, AccessPolicy access, Tasks tasks, Clock clock) {
		this.db = db;
		this.access = access;
		this.tasks = tasks;
		this.clock = clock;
	}

	public Page<Comment> list(Actor actor, TaskId task, PageRequest page) {
		Resource.Project resource = tasks.resourceOf(actor, task);
		access.require(actor, Permission.TASK_READ, resource, "task");
		Condition condition = COMMENTS.TASK_ID.eq(task.value()).and(COMMENTS.PROJECT_ID.eq(resource.project().value()));
		if (page.after().isPresent()) {
			condition = condition.and(DSL.row(COMMENTS.CREATED_AT, COMMENTS.ID)
				.gt(page.after().get().createdAt(), page.after().get().id()));
		}
		Condition where = condition;
		List<Comment> rows = db.read(DbContext.user(actor.userId()), sql -> sql.selectFrom(COMMENTS)
			.where(where)
			.orderBy(COMMENTS.CREATED_AT, COMMENTS.ID)
			.limit(page.limit() + 1)
			.fetch(Comments::toComment));
		return Page.of(rows, page.limit(), last -> new PageRequest.Position(last.createdAt(), last.id().value()));
	}

	public Comment create(Actor actor, TaskId task, String body) {
		String text = TextFields.text("body", body, BODY_MAX);
		if (text.isBlank()) {
			throw new dev.rampart.shared.InvalidInput("body", "must not be blank");
		}
		Resource.Project resource = tasks.resourceOf(actor, task);
		access.require(actor, Permission.TASK_COMMENT, resource, "task");
		CommentId id = CommentId.random();
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()), sql -> sql.insertInto(COMMENTS)
			.set(COMMENTS.ID, id.value())
			.set(COMMENTS.ORG_ID, resource.org().value())
			.set(COMMENTS.PROJECT_ID, resource.project().value())
			.set(COMMENTS.TASK_ID, task.value())
			.set(COMMENTS.AUTHOR_ID, actor.userId().value())
			.set(COMMENTS.BODY, text)
			.set(COMMENTS.CREATED_AT, now)
			.execute());
		return new Comment(id, task, actor.userId(), text, now);
	}

	/** Project managers delete any comment; authors who may still comment delete their own. */
	public void delete(Actor actor, CommentId comment) {
		Resource.Comment resource = db.read(DbContext.user(actor.userId()), sql -> sql
			.select(COMMENTS.ORG_ID, COMMENTS.PROJECT_ID, COMMENTS.AUTHOR_ID)
			.from(COMMENTS)
			.where(COMMENTS.ID.eq(comment.value()))
			.fetchOptional(r -> new Resource.Comment(new OrgId(r.value1()), new ProjectId(r.value2()),
					new UserId(r.value3()))))
			.orElseThrow(() -> new NotFound("comment"));
		access.require(actor, Permission.COMMENT_DELETE, resource, "comment");
		db.write(DbContext.user(actor.userId()), sql -> sql.deleteFrom(COMMENTS)
			.where(COMMENTS.ID.eq(comment.value())).and(COMMENTS.PROJECT_ID.eq(resource.project().value())).execute());
	}

	private static Comment toComment(CommentsRecord r) {
		return new Comment(new CommentId(r.getId()), new TaskId(r.getTaskId()), new UserId(r.getAuthorId()),
				r.getBody(), r.getCreatedAt());
	}

}
