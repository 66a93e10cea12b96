package dev.rampart.notify;

import static dev.rampart.db.schema.Tables.TASK_WATCHERS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.TaskId;
import java.time.Clock;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/**
 * Who watches a task. Its creator, assignee, commenters and the people mentioned in it
 * start watching on their own; whoever may read a task may start or stop watching it.
 * Stopping is remembered, so taking part again does not subscribe them again.
 */
@Service
public class Watching {

	/** Whether the caller watches a task, and how many do. */
	public record State(boolean watching, int watchers) {
	}

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	Watching(Database db, AccessPolicy access, Clock clock) {
		this.db = db;
		this.access = access;
		this.clock = clock;
	}

	public State of(Actor actor, TaskId task) {
		access.require(actor, Permission.TASK_READ, task);
		return db.read(DbContext.user(actor.userId()), sql -> state(sql, actor, task));
	}

	/** Starts or stops watching {@code task}; the state after. */
	public State set(Actor actor, TaskId task, boolean watching) {
		Resource.Task resource = access.require(actor, Permission.TASK_READ, task).resource();
		access.requireMayChange(actor);
		return db.write(DbContext.user(actor.userId()), sql -> {
			sql.insertInto(TASK_WATCHERS)
				.set(TASK_WATCHERS.TASK_ID, task.value())
				.set(TASK_WATCHERS.USER_ID, actor.userId().value())
				.set(TASK_WATCHERS.ORG_ID, resource.org().value())
				.set(TASK_WATCHERS.WATCHING, watching)
				.set(TASK_WATCHERS.REASON, "chose")
				.set(TASK_WATCHERS.CREATED_AT, Clocks.now(clock))
				.onConflict(TASK_WATCHERS.TASK_ID, TASK_WATCHERS.USER_ID)
				.doUpdate()
				.set(TASK_WATCHERS.WATCHING, watching)
				.set(TASK_WATCHERS.REASON, "chose")
				.execute();
			return state(sql, actor, task);
		});
	}

	private static State state(org.jooq.DSLContext sql, Actor actor, TaskId task) {
		var row = sql
			.select(DSL.count().filterWhere(TASK_WATCHERS.WATCHING),
					DSL.boolOr(TASK_WATCHERS.USER_ID.eq(actor.userId().value()).and(TASK_WATCHERS.WATCHING)))
			.from(TASK_WATCHERS)
			.where(TASK_WATCHERS.TASK_ID.eq(task.value()))
			.fetchOne();
		return new State(row != null && Boolean.TRUE.equals(row.value2()), row == null ? 0 : row.value1());
	}

}
