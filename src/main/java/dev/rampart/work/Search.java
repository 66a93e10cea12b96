package dev.rampart.work;

import static dev.rampart.db.schema.Tables.TASKS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;

/**
 * Search across everything a member may see in an organization: task titles, descriptions
 * and comments, sealed at rest, found through their keyed search terms
 * ({@link SearchTerms}). Every word of the query must occur (a word of 3 letters or more
 * as the start of a word: "log" finds "login"); tasks whose title holds more of the words
 * come first, then the most recently changed. The organization is checked here and each
 * task's visibility by row-level security, under the reader's own context, as for every
 * list. What a database reader learns from the terms: docs/data-classification.md.
 */
@Service
public class Search {

	/** Words a query may hold (each is one index look-up). */
	public static final int MAX_WORDS = 8;

	public static final int MAX_QUERY_LENGTH = 200;

	/** Optional filters of a search. */
	public record Filter(Optional<ProjectId> project, Optional<String> status, Optional<UserId> assignee,
			Optional<UUID> label, Optional<LocalDate> dueFrom, Optional<LocalDate> dueTo) {

		public static Filter none() {
			return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
					Optional.empty());
		}

	}

	/**
	 * A task found, as its reader may see it, and where the words occur ({@code title},
	 * {@code description}, {@code comment}).
	 */
	public record Hit(TaskId task, ProjectId project, Optional<String> key, String title, String status,
			String statusName, Optional<UserId> assignee, Optional<String> assigneeName, Optional<LocalDate> dueDate,
			Instant updatedAt, Set<String> matchedIn, int titleWords) {
	}

	private final Database db;

	private final AccessPolicy access;

	private final SearchTerms terms;

	private final TaskHeadlines headlines;

	private final DisplayNames names;

	Search(Database db, AccessPolicy access, SearchTerms terms, TaskHeadlines headlines, DisplayNames names) {
		this.db = db;
		this.access = access;
		this.terms = terms;
		this.headlines = headlines;
		this.names = names;
	}

	public Page<Hit> search(Actor actor, OrgId org, String query, Filter filter, PageRequest page) {
		List<String> words = words(query);
		access.require(actor, Permission.ORG_READ, org);
		List<byte[][]> wanted = words.stream().map(word -> terms.query(org, word)).toList();
		Optional<PageRequest.Position> after = page.after();
		// One ranked page from rampart.search_tasks (through the GIN index, the caller's
		// visibility applied there), joined to the tasks under the reader's row-level
		// security and this organization again, as every list.
		var found = DSL.table(
				"rampart.search_tasks({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12})",
				DSL.val(org.value()), DSL.val(flattened(wanted), TASKS.SEARCH_TERMS.getDataType()),
				DSL.val(wanted.size()), DSL.val(filter.project().map(ProjectId::value).orElse(null), SQLDataType.UUID),
				DSL.val(filter.status().orElse(null), SQLDataType.CLOB),
				DSL.val(filter.assignee().map(UserId::value).orElse(null), SQLDataType.UUID),
				DSL.val(filter.label().orElse(null), SQLDataType.UUID),
				DSL.val(filter.dueFrom().orElse(null), SQLDataType.LOCALDATE),
				DSL.val(filter.dueTo().orElse(null), SQLDataType.LOCALDATE),
				DSL.val(after.map(a -> parseRank(a.key())).orElse(null), SQLDataType.INTEGER),
				DSL.val(after.map(PageRequest.Position::createdAt).orElse(null), SQLDataType.INSTANT),
				DSL.val(after.map(PageRequest.Position::id).orElse(null), SQLDataType.UUID), DSL.val(page.limit() + 1))
			.as("found", "id", "updated_at", "title_words");
		Field<UUID> foundId = DSL.field(DSL.name("found", "id"), UUID.class);
		Field<Integer> rank = DSL.field(DSL.name("found", "title_words"), Integer.class);
		return db.read(DbContext.user(actor.userId()), sql -> {
			List<org.jooq.Record3<UUID, Instant, Integer>> rows = sql.select(TASKS.ID, TASKS.UPDATED_AT, rank)
				.from(found)
				.join(TASKS)
				.on(TASKS.ID.eq(foundId))
				.where(TASKS.ORG_ID.eq(org.value()))
				.orderBy(rank.desc(), TASKS.UPDATED_AT.desc(), TASKS.ID.desc())
				.fetch();
			List<TaskId> ids = rows.stream().map(r -> new TaskId(r.value1())).toList();
			Map<TaskId, TaskHeadlines.Headline> shown = headlines.of(sql, ids);
			Map<TaskId, Set<String>> where = matchedIn(sql, ids, wanted);
			Map<UserId, String> assigneeNames = names.of(sql,
					shown.values().stream().flatMap(h -> h.assignee().stream()).distinct().toList());
			List<Hit> hits = new ArrayList<>();
			for (var row : rows) {
				TaskHeadlines.Headline h = shown.get(new TaskId(row.value1()));
				if (h != null) {
					hits.add(new Hit(h.id(), h.project(), h.key(), h.title(), h.status(), h.statusName(), h.assignee(),
							h.assignee().map(assigneeNames::get), h.dueDate(), row.value2(),
							where.getOrDefault(h.id(), Set.of()), row.value3()));
				}
			}
			return Page.of(hits, page.limit(), last -> new PageRequest.Position(last.updatedAt(), last.task().value(),
					"search", Integer.toString(last.titleWords())));
		});
	}

	/**
	 * Each word's three terms in a row, eight words: the first repeated after the last
	 * (the same condition again, answered by the index with the others).
	 */
	private static byte[][] flattened(List<byte[][]> wanted) {
		byte[][] flat = new byte[MAX_WORDS * 3][];
		for (int i = 0; i < MAX_WORDS; i++) {
			System.arraycopy(wanted.get(i < wanted.size() ? i : 0), 0, flat, i * 3, 3);
		}
		return flat;
	}

	/** The query's words, checked. */
	static List<String> words(String query) {
		if (query.length() > MAX_QUERY_LENGTH) {
			throw new InvalidInput("query", "must be at most " + MAX_QUERY_LENGTH + " characters");
		}
		List<String> words = FieldCipher.words(query);
		if (words.isEmpty()) {
			throw new InvalidInput("query", "must contain a word (letters or digits)");
		}
		if (words.size() > MAX_WORDS) {
			throw new InvalidInput("query", "must have at most " + MAX_WORDS + " words");
		}
		return words;
	}

	private static int parseRank(@org.jspecify.annotations.Nullable String key) {
		try {
			return Integer.parseInt(key == null ? "" : key);
		}
		catch (NumberFormatException ex) {
			throw new InvalidInput("cursor", "is not a cursor of this search");
		}
	}

	/** Where the words occur in each task of a page: looked at for the page only. */
	private static Map<TaskId, Set<String>> matchedIn(DSLContext sql, List<TaskId> tasks, List<byte[][]> wanted) {
		Map<TaskId, Set<String>> where = new HashMap<>();
		if (tasks.isEmpty()) {
			return where;
		}
		byte[][] titles = wanted.stream().map(w -> w[0]).toArray(byte[][]::new);
		byte[][] descriptions = wanted.stream().map(w -> w[1]).toArray(byte[][]::new);
		byte[][] comments = wanted.stream().map(w -> w[2]).toArray(byte[][]::new);
		var type = SQLDataType.BINARY.array();
		sql.select(TASKS.ID, DSL.field(DSL.arrayOverlap(TASKS.TITLE_TERMS, DSL.val(titles, type))),
				DSL.field(DSL.arrayOverlap(TASKS.TEXT_TERMS, DSL.val(descriptions, type))),
				DSL.field(DSL.arrayOverlap(TASKS.SEARCH_TERMS, DSL.val(comments, type))))
			.from(TASKS)
			.where(TASKS.ID.in(tasks.stream().map(TaskId::value).toList()))
			.forEach(r -> {
				Set<String> fields = new LinkedHashSet<>();
				if (Boolean.TRUE.equals(r.value2())) {
					fields.add(SearchTerms.TITLE);
				}
				if (Boolean.TRUE.equals(r.value3())) {
					fields.add(SearchTerms.DESCRIPTION);
				}
				if (Boolean.TRUE.equals(r.value4())) {
					fields.add(SearchTerms.COMMENT);
				}
				where.put(new TaskId(r.value1()), fields);
			});
		return where;
	}

}
