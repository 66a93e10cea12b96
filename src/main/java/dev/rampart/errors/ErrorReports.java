package dev.rampart.errors;

import static dev.rampart.db.schema.Tables.ERROR_REPORTS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.audit.Activity;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.RampartHome;
import dev.rampart.shared.UserId;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Records unexpected errors for operators. A report holds the exception types and stack
 * frames (never messages), the route template (never the path with its values, never
 * query values), the request id and the actor as a keyed hash (the same user gives the
 * same value, which cannot be turned back into the id without the data directory's key).
 * The client gets only the report's id. Control C16 (docs/controls.md).
 */
@Service
public class ErrorReports {

	private static final Logger log = LoggerFactory.getLogger(ErrorReports.class);

	private final Database db;

	private final OwnerDatabase owner;

	private final Clock clock;

	private final SecretKeySpec actorKey;

	ErrorReports(Database db, OwnerDatabase owner, Clock clock, RampartHome home) {
		this.db = db;
		this.owner = owner;
		this.clock = clock;
		byte[] key = Base64.getDecoder().decode(home.secret("error-report-actor-key", ErrorReports::newKey));
		this.actorKey = new SecretKeySpec(key, "HmacSHA256");
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private static String newKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	/**
	 * Reports an error of the current request (its id and actor come from its
	 * {@link Activity}, whose activity-log entry then names the report).
	 */
	public UUID record(Throwable error, @Nullable String routeTemplate) {
		Activity activity = Activity.current();
		UUID id = record(error, routeTemplate, activity == null ? null : activity.requestId(),
				activity == null ? null : activity.actor());
		Activity.detail("error report " + id);
		return id;
	}

	/**
	 * Stores a report of {@code error} and returns its id. Never throws: if the report
	 * cannot be stored, the id is still logged with the types, so the client's id leads
	 * somewhere.
	 */
	public UUID record(Throwable error, @Nullable String routeTemplate, @Nullable String requestId,
			@Nullable UserId actor) {
		UUID id = UUID.randomUUID();
		Instant at = Clocks.now(clock);
		String types = StackTraces.types(error);
		String trace = StackTraces.withoutMessages(error);
		String route = routeTemplate == null ? null : Scrubber.scrub(cut(routeTemplate, 300));
		String actorHash = actor == null ? null : anonymise(actor);
		log.error("Unexpected error {}: {} on {}", id, types, route);
		try {
			db.housekeeping(DbContext.none(),
					sql -> sql.insertInto(ERROR_REPORTS)
						.set(ERROR_REPORTS.ID, id)
						.set(ERROR_REPORTS.AT, at)
						.set(ERROR_REPORTS.EXCEPTION_TYPE, cut(error.getClass().getName(), 300))
						.set(ERROR_REPORTS.STACK_TRACE, trace)
						.set(ERROR_REPORTS.ROUTE, route)
						.set(ERROR_REPORTS.REQUEST_ID, requestId == null ? null : cut(requestId, 64))
						.set(ERROR_REPORTS.ACTOR_HASH, actorHash)
						.execute());
		}
		catch (RuntimeException storeFailed) {
			log.error("Error report {} could not be stored ({})", id, storeFailed.getClass().getName());
		}
		return id;
	}

	/**
	 * The newest reports first, for operators at the machine (reads as the database
	 * owner).
	 */
	public List<ErrorReport> list(int limit) {
		return owner.transaction(sql -> newest(sql, limit));
	}

	public Optional<ErrorReport> find(UUID id) {
		return owner.transaction(sql -> byId(sql, id));
	}

	/**
	 * The newest reports first, for a signed-in operator: row-level security shows them
	 * only to holders of the operator platform role (checked before, in the service
	 * layer, too).
	 */
	public List<ErrorReport> list(UserId reader, int limit) {
		return db.read(DbContext.user(reader), sql -> newest(sql, limit));
	}

	public Optional<ErrorReport> find(UserId reader, UUID id) {
		return db.read(DbContext.user(reader), sql -> byId(sql, id));
	}

	private static List<ErrorReport> newest(org.jooq.DSLContext sql, int limit) {
		return sql.selectFrom(ERROR_REPORTS)
			.orderBy(ERROR_REPORTS.AT.desc(), ERROR_REPORTS.ID)
			.limit(limit)
			.fetch(ErrorReports::toReport);
	}

	private static Optional<ErrorReport> byId(org.jooq.DSLContext sql, UUID id) {
		return sql.selectFrom(ERROR_REPORTS).where(ERROR_REPORTS.ID.eq(id)).fetchOptional(ErrorReports::toReport);
	}

	private static ErrorReport toReport(dev.rampart.db.schema.tables.records.ErrorReportsRecord r) {
		return new ErrorReport(r.getId(), r.getAt(), r.getExceptionType(), r.getStackTrace(), r.getRoute(),
				r.getRequestId(), r.getActorHash());
	}

	private String anonymise(UserId actor) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(actorKey);
			return HexFormat.of()
				.formatHex(mac.doFinal(actor.value().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0,
						16);
		}
		catch (GeneralSecurityException ex) {
			return "unavailable";
		}
	}

	private static String cut(String value, int max) {
		return value.length() <= max ? value : value.substring(0, max);
	}

}
