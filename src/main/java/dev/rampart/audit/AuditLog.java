package dev.rampart.audit;

import static dev.rampart.db.schema.Tables.AUDIT_ENTRIES;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.identity.Accounts;
import dev.rampart.shared.Actor;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Reading an organization's activity log: needs {@code audit.read} in that organization
 * (owners and admins), checked here and again by row-level security. Pages are
 * keyset-paginated by the chain's sequence number, newest first; exports stream oldest
 * first in batches.
 */
@Service
public class AuditLog {

	private static final int EXPORT_BATCH = 1000;

	private final Database db;

	private final OwnerDatabase owner;

	private final AccessPolicy access;

	private final AuditSettings settings;

	private final SealedData sealed;

	private final KnownActions actions;

	private final Accounts accounts;

	AuditLog(Database db, OwnerDatabase owner, AccessPolicy access, AuditSettings settings, SealedData sealed,
			KnownActions actions, Accounts accounts) {
		this.accounts = accounts;
		this.db = db;
		this.actions = actions;
		this.sealed = sealed;
		this.owner = owner;
		this.access = access;
		this.settings = settings;
	}

	public AuditPage page(Actor actor, OrgId org, AuditQuery query, @Nullable String cursor, int size) {
		if (size < 1 || size > settings.pageSizeMax()) {
			throw new InvalidInput("first", "must be between 1 and " + settings.pageSizeMax());
		}
		long before = cursor == null ? Long.MAX_VALUE : parseCursor(cursor);
		access.require(actor, Permission.AUDIT_READ, org);
		requireKnownAction(actor, org, query);
		Map<UUID, String> names = new HashMap<>();
		List<AuditEntry> entries = db.read(DbContext.user(actor.userId()), sql -> {
			List<AuditEntry> found = sql.selectFrom(AUDIT_ENTRIES)
				.where(AUDIT_ENTRIES.CHAIN.eq(org.value()))
				.and(AUDIT_ENTRIES.SEQ.lt(before))
				.and(matching(query))
				.orderBy(AUDIT_ENTRIES.SEQ.desc())
				.limit(size + 1)
				.fetch(AuditLog::entry);
			return found;
		}).stream().map(sealed::opened).toList();
		names.putAll(actorNames(actor, entries));
		boolean more = entries.size() > size;
		List<AuditEntry> page = more ? entries.subList(0, size) : entries;
		return new AuditPage(List.copyOf(page), more ? Long.toString(page.get(page.size() - 1).seq()) : null,
				Map.copyOf(names));
	}

	/**
	 * The newest entries of any chain, for operators (the CLI, as the database owner):
	 * the only way to read the platform chain.
	 */
	public List<AuditEntry> operatorView(UUID chain, AuditQuery query, int limit) {
		return owner
			.transaction(sql -> sql.selectFrom(AUDIT_ENTRIES)
				.where(AUDIT_ENTRIES.CHAIN.eq(chain))
				.and(matching(query))
				.orderBy(AUDIT_ENTRIES.SEQ.desc())
				.limit(limit)
				.fetch(AuditLog::entry))
			.stream()
			.map(sealed::opened)
			.toList();
	}

	/**
	 * Refuses (not found / forbidden) unless {@code actor} may read {@code org}'s log.
	 */
	public void requireReader(Actor actor, OrgId org) {
		access.require(actor, Permission.AUDIT_READ, org);
	}

	/**
	 * Every matching entry, oldest first, to {@code sink}; a read transaction per batch.
	 */
	public void export(Actor actor, OrgId org, AuditQuery query, BiConsumer<AuditEntry, @Nullable String> sink) {
		access.require(actor, Permission.AUDIT_READ, org);
		requireKnownAction(actor, org, query);
		long after = 0;
		while (true) {
			long from = after;
			Map<UUID, String> names = new HashMap<>();
			List<AuditEntry> batch = db.read(DbContext.user(actor.userId()), sql -> {
				List<AuditEntry> found = sql.selectFrom(AUDIT_ENTRIES)
					.where(AUDIT_ENTRIES.CHAIN.eq(org.value()))
					.and(AUDIT_ENTRIES.SEQ.gt(from))
					.and(matching(query))
					.orderBy(AUDIT_ENTRIES.SEQ)
					.limit(EXPORT_BATCH)
					.fetch(AuditLog::entry);
				return found;
			});
			names.putAll(actorNames(actor, batch));
			batch.forEach(entry -> sink.accept(sealed.opened(entry),
					entry.actorId() == null ? null : names.get(entry.actorId())));
			if (batch.size() < EXPORT_BATCH) {
				return;
			}
			after = batch.get(batch.size() - 1).seq();
		}
	}

	/**
	 * The display names of the entries' actors that the reader may see (row-level
	 * security: people who share an organization with them); "deleted user" for deleted
	 * accounts.
	 */
	private Map<UUID, String> actorNames(Actor reader, List<AuditEntry> entries) {
		List<UserId> ids = entries.stream()
			.map(AuditEntry::actorId)
			.filter(java.util.Objects::nonNull)
			.map(UserId::new)
			.toList();
		Map<UUID, String> names = new HashMap<>();
		accounts.displayNames(reader, ids).forEach((user, name) -> names.put(user.value(), name));
		return names;
	}

	/**
	 * A filter by an action Rampart never records (and this log never held) is a typo:
	 * say so.
	 */
	private void requireKnownAction(Actor actor, OrgId org, AuditQuery query) {
		String action = query.action();
		if (action == null || actions.contains(action)) {
			return;
		}
		boolean inThisLog = db.read(DbContext.user(actor.userId()), sql -> sql.fetchExists(AUDIT_ENTRIES,
				AUDIT_ENTRIES.CHAIN.eq(org.value()).and(AUDIT_ENTRIES.ACTION.eq(action))));
		if (!inThisLog) {
			throw new InvalidInput("action", "is not an action Rampart records; " + actions.hint(action));
		}
	}

	private static long parseCursor(String cursor) {
		try {
			long value = Long.parseLong(cursor);
			if (value < 1) {
				throw new NumberFormatException();
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new InvalidInput("after", "is not a cursor this API returned");
		}
	}

	private static Condition matching(AuditQuery query) {
		Condition condition = DSL.noCondition();
		if (query.actor() != null) {
			condition = condition.and(AUDIT_ENTRIES.ACTOR_ID.eq(query.actor()));
		}
		if (query.action() != null) {
			condition = condition.and(AUDIT_ENTRIES.ACTION.eq(query.action()));
		}
		if (query.target() != null) {
			condition = condition.and(AUDIT_ENTRIES.TARGET_ID.eq(query.target()));
		}
		if (query.outcome() != null) {
			condition = condition.and(AUDIT_ENTRIES.OUTCOME.eq(query.outcome().value()));
		}
		if (query.from() != null) {
			condition = condition.and(AUDIT_ENTRIES.AT.ge(query.from()));
		}
		if (query.to() != null) {
			condition = condition.and(AUDIT_ENTRIES.AT.lt(query.to()));
		}
		return condition;
	}

	static AuditEntry entry(Record r) {
		return new AuditEntry(r.get(AUDIT_ENTRIES.CHAIN), r.get(AUDIT_ENTRIES.SEQ), r.get(AUDIT_ENTRIES.AT),
				r.get(AUDIT_ENTRIES.ACTOR_ID), r.get(AUDIT_ENTRIES.TOKEN_ID), r.get(AUDIT_ENTRIES.ACTION),
				r.get(AUDIT_ENTRIES.TARGET_KIND), r.get(AUDIT_ENTRIES.TARGET_ID), r.get(AUDIT_ENTRIES.OUTCOME),
				r.get(AUDIT_ENTRIES.ADDRESS), r.get(AUDIT_ENTRIES.USER_AGENT), r.get(AUDIT_ENTRIES.REQUEST_ID),
				r.get(AUDIT_ENTRIES.DATA), r.get(AUDIT_ENTRIES.DETAIL), r.get(AUDIT_ENTRIES.PREV_HASH),
				r.get(AUDIT_ENTRIES.HASH));
	}

	/**
	 * Reads {@code chain} from {@code afterSeq} on, in order, with {@code sql} (an
	 * operator's connection).
	 */
	static List<AuditEntry> chainSlice(DSLContext sql, UUID chain, long afterSeq, int limit) {
		return new ArrayList<>(sql.selectFrom(AUDIT_ENTRIES)
			.where(AUDIT_ENTRIES.CHAIN.eq(chain))
			.and(AUDIT_ENTRIES.SEQ.gt(afterSeq))
			.orderBy(AUDIT_ENTRIES.SEQ)
			.limit(limit)
			.fetch(AuditLog::entry));
	}

}
