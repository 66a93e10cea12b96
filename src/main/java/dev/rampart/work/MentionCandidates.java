package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORG_MEMBERS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Whom a writer may mention on a task: members of its organization who may read it, found
 * by a part of their name, for the web app's picker. Nobody else is offered, so the
 * picker tells a writer nothing the task's own page would not.
 */
@Service
public class MentionCandidates {

	/** At most this many people per answer. */
	public static final int LIMIT = 10;

	public record Person(UserId id, String displayName) {
	}

	private final Database db;

	private final AccessPolicy access;

	private final DisplayNames names;

	MentionCandidates(Database db, AccessPolicy access, DisplayNames names) {
		this.db = db;
		this.access = access;
		this.names = names;
	}

	/** People whose name contains {@code query} (any case), best matches first. */
	public List<Person> find(Actor actor, TaskId task, String query) {
		String wanted = query.strip().toLowerCase(Locale.ROOT);
		if (wanted.length() > 100) {
			throw new InvalidInput("query", "must be at most 100 characters");
		}
		Resource.Task resource = access.require(actor, Permission.TASK_COMMENT, task).resource();
		return db.read(DbContext.user(actor.userId()), sql -> {
			List<UserId> members = sql.select(ORG_MEMBERS.USER_ID)
				.from(ORG_MEMBERS)
				.where(ORG_MEMBERS.ORG_ID.eq(resource.org().value()))
				.fetch(r -> new UserId(r.value1()));
			Map<UserId, String> named = names.of(sql, members);
			List<UserId> matching = named.entrySet()
				.stream()
				.filter(e -> e.getValue().toLowerCase(Locale.ROOT).contains(wanted))
				.map(Map.Entry::getKey)
				.toList();
			Set<UserId> readers = access.readersAmong(actor.userId(), task, matching);
			Collator collator = Collator.getInstance(Locale.ROOT);
			return readers.stream()
				.map(id -> new Person(id, named.get(id)))
				.sorted(Comparator.comparing((Person p) -> !p.displayName().toLowerCase(Locale.ROOT).startsWith(wanted))
					.thenComparing(Person::displayName, collator))
				.limit(LIMIT)
				.toList();
		});
	}

}
