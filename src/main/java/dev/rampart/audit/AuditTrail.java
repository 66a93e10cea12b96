package dev.rampart.audit;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.WriteParticipant;
import dev.rampart.audit.Activity;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.SessionId;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Writes the activity log. A successful action's entry is appended inside the transaction
 * of the change (as the last statement before commit, see {@link WriteParticipant}), so
 * the change never commits without it; actions that fail, are refused, or change nothing
 * get theirs in a transaction of their own once the outcome is known. Entries go to the
 * chain of the organization the target belongs to, else to the platform chain. Control
 * C15 (docs/controls.md).
 */
@Component
@Order(Integer.MAX_VALUE)
@EnableConfigurationProperties(AuditSettings.class)
public class AuditTrail implements WriteParticipant {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	private final Database db;

	private final RequestDataFilter filter;

	private final Clock clock;

	private final boolean enabled;

	private final AccessPolicy access;

	private final SealedData sealedData;

	/** Path variables naming a resource, most specific first. */
	private static final List<String> PATH_IDS = List.of("commentId", "taskId", "projectId", "orgId");

	AuditTrail(Database db, AuditSettings settings, Clock clock, AccessPolicy access, SealedData sealedData) {
		this.db = db;
		this.sealedData = sealedData;
		this.access = access;
		this.filter = new RequestDataFilter(settings);
		this.clock = clock;
		this.enabled = settings.enabled();
		if (!enabled) {
			log.warn("THE ACTIVITY LOG IS OFF (rampart.audit.enabled=false): nothing users do is recorded. "
					+ "For benchmarks only.");
		}
	}

	@Override
	public void beforeCommit(DSLContext sql) {
		Activity activity = Activity.current();
		Activity.Action action = activity == null ? null : activity.action();
		if (!enabled || activity == null || action == null || action.recorded()) {
			return;
		}
		append(sql, entryOf(activity, action, Outcome.SUCCESS));
		action.recorded(true);
	}

	/**
	 * The entry rolled back with the change: the action's outcome is written on its own
	 * when known.
	 */
	@Override
	public void afterRollback() {
		Activity activity = Activity.current();
		Activity.Action action = activity == null ? null : activity.action();
		if (action != null) {
			action.recorded(false);
		}
	}

	/**
	 * Ends {@code action} with {@code outcome}: unless its entry was committed with the
	 * change, it is written now, in its own transaction. Never throws: a log failure must
	 * not hide the answer the request already has (it is logged, and a successful change
	 * cannot reach here unrecorded, since its entry commits with it).
	 */
	public void finish(Activity activity, Activity.Action action, Outcome outcome) {
		if (!enabled || action.recorded() && outcome == Outcome.SUCCESS) {
			return;
		}
		if (action.recorded()) {
			// The change committed with a success entry, then something after it failed:
			// say so too.
			action.recorded(false);
		}
		if (action.org() == null) {
			fileUnderVisibleResource(activity, action);
		}
		writeAlone(entryOf(activity, action, outcome));
		action.recorded(true);
	}

	/**
	 * Refused before any access decision (invalid input, CSRF): the resource its path
	 * names, if the actor sees it.
	 */
	private void fileUnderVisibleResource(Activity activity, Activity.Action action) {
		UserId actor = activity.actor();
		if (actor == null) {
			return;
		}
		for (String variable : PATH_IDS) {
			Object named = action.data().get(variable);
			if (named == null && variable.equals(idVariableOf(action.name()))) {
				// GraphQL names the resource of "task.update" as its argument "id".
				named = action.data().get("id");
			}
			if (named instanceof String value) {
				try {
					Optional<Resource> resource = access.visibleResource(actor, variable, UUID.fromString(value));
					if (resource.isPresent()) {
						action.target(resource.get().kind(), resource.get().id().toString(), resource.get().org());
						return;
					}
				}
				catch (IllegalArgumentException | org.springframework.dao.DataAccessException ex) {
					return;
				}
			}
		}
	}

	/**
	 * "taskId" for "task.update": the variable that names the resource an action's plain
	 * "id" means.
	 */
	private static String idVariableOf(String action) {
		int dot = action.indexOf('.');
		return dot < 0 ? "" : action.substring(0, dot) + "Id";
	}

	/**
	 * The access denials of a request that had no action of its own (reads), one entry
	 * each.
	 */
	public void finishRequest(Activity activity) {
		if (!enabled) {
			return;
		}
		for (Activity.Denial denial : activity.denials()) {
			writeAlone(new Pending(chainOf(denial.org()), activity.actor(), activity.token(), denial.permission(),
					denial.targetKind(), denial.targetId(), Outcome.DENIED, activity.address(), activity.userAgent(),
					activity.requestId(), "{}", null));
		}
	}

	/**
	 * Runs an operator's command (CLI) as an audited action: its changes commit with
	 * their entry like a request's, and a failure is recorded too. The request id is
	 * {@code cli-<uuid>}.
	 */
	public <T> T operatorAction(String action, Map<String, ? extends @Nullable Object> data, Supplier<T> work) {
		Activity activity = new Activity("cli-" + UUID.randomUUID(), null, "rampart-cli");
		activity.bind();
		Activity.Action started = activity.start(action);
		started.addData(data);
		try {
			T result = work.get();
			finish(activity, started, Outcome.SUCCESS);
			return result;
		}
		catch (RuntimeException ex) {
			finish(activity, started, Outcome.of(ex));
			throw ex;
		}
		finally {
			Activity.unbind();
		}
	}

	/**
	 * An operator's action outside any request (CLI: archive, verify, key operations).
	 */
	public void recordOperation(String action, @Nullable OrgId org, Map<String, @Nullable Object> data, Outcome outcome,
			@Nullable String detail) {
		writeAlone(new Pending(chainOf(org), null, null, action, org == null ? null : "organization",
				org == null ? null : org.value().toString(), outcome, null, "rampart-cli", null, filter.filter(data),
				detail));
	}

	/**
	 * Something Rampart observed outside any request, from another system (a refused BI
	 * connection): {@code source} names it where a request has its user agent,
	 * {@code address} is the remote address that system reported.
	 */
	public void recordObserved(String action, @Nullable OrgId org, @Nullable String address, String source,
			Map<String, @Nullable Object> data, Outcome outcome, @Nullable String detail) {
		writeAlone(new Pending(chainOf(org), null, null, action, org == null ? null : "organization",
				org == null ? null : org.value().toString(), outcome, address, source, null, filter.filter(data),
				detail));
	}

	private void writeAlone(Pending entry) {
		try {
			db.housekeeping(DbContext.none(), sql -> {
				append(sql, entry);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.error("Could not record {} ({}) in the activity log: {}", entry.action(), entry.outcome().value(),
					ex.getClass().getName());
		}
	}

	private Pending entryOf(Activity activity, Activity.Action action, Outcome outcome) {
		Activity.Denial denial = action.denial();
		String detail = action.detail();
		if (outcome == Outcome.DENIED && denial != null) {
			detail = "needs " + denial.permission() + (detail == null ? "" : "; " + detail);
		}
		return new Pending(chainOf(action.org()), activity.actor(), activity.token(), action.name(),
				action.targetKind(), action.targetId(), outcome, activity.address(), activity.userAgent(),
				activity.requestId(), filter.filter(action.data()), detail);
	}

	private static UUID chainOf(@Nullable OrgId org) {
		return org == null ? AuditEntry.PLATFORM_CHAIN : org.value();
	}

	private record Pending(UUID chain, @Nullable UserId actor, @Nullable SessionId token, String action,
			@Nullable String targetKind, @Nullable String targetId, Outcome outcome, @Nullable String address,
			@Nullable String userAgent, @Nullable String requestId, String data, @Nullable String detail) {
	}

	private void append(DSLContext sql, Pending e) {
		Instant at = Clocks.now(clock);
		UUID actor = e.actor() == null ? null : e.actor().value();
		UUID token = e.token() == null ? null : e.token().value();
		String action = cut(e.action(), 100);
		String targetKind = cut(e.targetKind(), 40);
		String targetId = cut(e.targetId(), 100);
		String address = cut(e.address(), 64);
		String userAgent = cut(e.userAgent(), 256);
		String requestId = cut(e.requestId(), 64);
		String detail = cut(e.detail(), 200);
		// The request data may hold protected content: sealed with the chain's
		// organization key, and the chain covers the ciphertext, so it verifies even
		// after that key is destroyed.
		String data = sealedData.seal(e.chain(), requestId, e.data());
		String canonical = AuditEntry.canonical(e.chain(), at, actor, token, action, targetKind, targetId,
				e.outcome().value(), address, userAgent, requestId, data, detail);
		sql.select(DSL.function(DSL.name("rampart", "audit_append"), SQLDataType.BIGINT,
				bound(e.chain(), SQLDataType.UUID), bound(at, SQLDataType.INSTANT), bound(actor, SQLDataType.UUID),
				bound(token, SQLDataType.UUID), text(action), text(targetKind), text(targetId),
				text(e.outcome().value()), text(address), text(userAgent), text(requestId), text(data), text(detail),
				text(canonical)))
			.fetch();
	}

	private static <T> Field<T> bound(@Nullable T value, DataType<T> type) {
		return DSL.cast(DSL.val(value, type), type);
	}

	private static Field<String> text(@Nullable String value) {
		return bound(value, SQLDataType.CLOB);
	}

	static @Nullable String cut(@Nullable String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

}
