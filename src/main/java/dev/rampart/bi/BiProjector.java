package dev.rampart.bi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.db.Database;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TaskId;
import dev.rampart.work.BiSource;
import dev.rampart.work.WorkEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps every opted-in organization's projection current. A change's event marks what it
 * touched once its transaction commits (tasks by id; the organization's metadata; or
 * everything); a thread on every node writes what is marked every
 * {@code rampart.bi.project-interval}, reading the source as the schema owner and writing
 * as the projection's writer, under a per-tenant lock so that two nodes never write one
 * organization at once and the later writer always read the later state. Marks survive a
 * BI database outage (they are written when it is back); too many for one organization
 * turn into a full reconcile, as does a restart of the node (what it had marked is gone,
 * so every organization is reconciled when the node starts).
 */
@Component
class BiProjector extends BackgroundThread {

	private static final Logger log = LoggerFactory.getLogger(BiProjector.class);

	private static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(5);

	/** What waits to be written for one organization. */
	static final class Pending {

		final Map<UUID, Long> tasks = new LinkedHashMap<>();

		boolean metadata;

		boolean full;

		long since = System.nanoTime();

		void merge(Pending other) {
			Map<UUID, Long> otherTasks;
			boolean otherMetadata;
			boolean otherFull;
			long otherSince;
			synchronized (other) {
				otherTasks = new LinkedHashMap<>(other.tasks);
				otherMetadata = other.metadata;
				otherFull = other.full;
				otherSince = other.since;
			}
			synchronized (this) {
				otherTasks.forEach((task, at) -> tasks.merge(task, at, Math::min));
				metadata |= otherMetadata;
				full |= otherFull;
				since = Math.min(since, otherSince);
			}
		}

		/** Everything, compared and repaired. */
		static Pending everything() {
			Pending all = new Pending();
			synchronized (all) {
				all.full = true;
				all.metadata = true;
			}
			return all;
		}

	}

	/** The last full reconcile of an organization. */
	record Report(Instant at, Map<String, BiTables.Diff> tables) {

		int repaired() {
			return tables.values().stream().mapToInt(BiTables.Diff::repaired).sum();
		}

	}

	private final ConcurrentHashMap<OrgId, Pending> pending = new ConcurrentHashMap<>();

	private final BiDatabase bi;

	private final BiAuthority authority;

	private final BiSource source;

	private final OwnerDatabase owner;

	private final BiSettings settings;

	private final Clock clock;

	private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

	private final Timer lag;

	private final Counter failures;

	private final Object ownerLock = new Object();

	private @Nullable Connection ownerConnection;

	private volatile long failingSince;

	BiProjector(BiDatabase bi, BiAuthority authority, BiSource source, OwnerDatabase owner, BiSettings settings,
			Clock clock, MeterRegistry meters) {
		super("rampart-bi-projector");
		this.bi = bi;
		this.authority = authority;
		this.source = source;
		this.owner = owner;
		this.settings = settings;
		this.clock = clock;
		this.lag = Timer.builder("rampart.bi.projection.lag")
			.description("From a change's commit to its projection in the BI database")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.failures = Counter.builder("rampart.bi.projection.failures")
			.description("Projection passes that failed (BI or source database unreachable)")
			.register(meters);
	}

	// ---- marks ----

	@EventListener
	void on(WorkEvent event) {
		if (!settings.enabled()) {
			return;
		}
		Optional<Mark> mark = markOf(event);
		mark.ifPresent(m -> Database.afterCommit(() -> mark(m)));
	}

	private record Mark(OrgId org, @Nullable UUID task, boolean metadata, boolean full) {
	}

	private static Optional<Mark> markOf(WorkEvent event) {
		if (event instanceof WorkEvent.TaskCreated e) {
			return Optional.of(new Mark(e.org(), e.task().value(), false, false));
		}
		if (event instanceof WorkEvent.TaskUpdated e) {
			return Optional.of(new Mark(e.org(), e.task().value(), false, false));
		}
		if (event instanceof WorkEvent.TaskDeleted e) {
			return Optional.of(new Mark(e.org(), e.task().value(), false, false));
		}
		if (event instanceof WorkEvent.CommentAdded e) {
			return Optional.of(new Mark(e.org(), e.task().value(), false, false));
		}
		if (event instanceof WorkEvent.CommentChanged e) {
			return Optional.of(new Mark(e.org(), e.task().value(), false, false));
		}
		if (event instanceof WorkEvent.ProjectCreated e) {
			return Optional.of(new Mark(e.org(), null, true, false));
		}
		if (event instanceof WorkEvent.ProjectChanged e) {
			// a new key renames every task key; a deleted project takes its tasks
			return Optional.of(new Mark(e.org(), null, true, "updated".equals(e.what()) || "deleted".equals(e.what())));
		}
		if (event instanceof WorkEvent.MilestoneCreated e) {
			return Optional.of(new Mark(e.org(), null, true, false));
		}
		if (event instanceof WorkEvent.MilestoneChanged e) {
			return Optional.of(new Mark(e.org(), null, true, false));
		}
		if (event instanceof WorkEvent.LabelCreated e) {
			return Optional.of(new Mark(e.org(), null, true, false));
		}
		if (event instanceof WorkEvent.LabelChanged e) {
			return Optional.of(new Mark(e.org(), null, true, false));
		}
		// These change many tasks at once (a sprint's close moves its open tasks, a
		// deleted milestone or label leaves its tasks, an import brings hundreds).
		if (event instanceof WorkEvent.MilestoneDeleted e) {
			return Optional.of(new Mark(e.org(), null, true, true));
		}
		if (event instanceof WorkEvent.LabelDeleted e) {
			return Optional.of(new Mark(e.org(), null, true, true));
		}
		if (event instanceof WorkEvent.SprintChanged e) {
			return Optional.of(new Mark(e.org(), null, true, true));
		}
		if (event instanceof WorkEvent.WorkflowChanged e) {
			return Optional.of(new Mark(e.org(), null, true, false));
		}
		if (event instanceof WorkEvent.ProjectImported e) {
			return Optional.of(new Mark(e.org(), null, true, true));
		}
		if (event instanceof WorkEvent.ProjectStartedFromTemplate e) {
			return Optional.of(new Mark(e.org(), null, true, true));
		}
		return Optional.empty();
	}

	/**
	 * Changes the organization's pending work inside the map's own atomic update: a pass
	 * that has just taken it out of the map never misses a mark made meanwhile (that one
	 * starts a new entry).
	 */
	private void mark(Mark mark) {
		pending.compute(mark.org(), (org, existing) -> {
			Pending p = existing == null ? new Pending() : existing;
			synchronized (p) {
				if (mark.task() != null) {
					p.tasks.putIfAbsent(mark.task(), System.nanoTime());
					if (p.tasks.size() > settings.pendingLimit()) {
						p.tasks.clear();
						p.full = true;
					}
				}
				p.metadata |= mark.metadata();
				p.full |= mark.full();
			}
			return p;
		});
	}

	/** Everything of {@code org} is compared and repaired at the next pass. */
	void requestFull(OrgId org) {
		mark(new Mark(org, null, true, true));
	}

	/** Changes waiting on this node for {@code org}, and since when. */
	record Waiting(int changes, @Nullable Duration oldest) {
	}

	Waiting waiting(OrgId org) {
		Pending p = pending.get(org);
		if (p == null) {
			return new Waiting(0, null);
		}
		synchronized (p) {
			int n = p.tasks.size() + (p.metadata || p.full ? 1 : 0);
			return new Waiting(n, n == 0 ? null : Duration.ofNanos(System.nanoTime() - p.since));
		}
	}

	// ---- the pass ----

	@Override
	void loop() {
		Duration wait = settings.projectInterval();
		while (running()) {
			try {
				Thread.sleep(wait.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (pending.isEmpty()) {
				continue;
			}
			try {
				pass();
				failingSince = 0;
				wait = settings.projectInterval();
			}
			catch (RuntimeException | SQLException ex) {
				failures.increment();
				if (failingSince == 0) {
					failingSince = System.nanoTime();
					log.warn("BI projection paused, will retry: {}", ex.getClass().getSimpleName());
				}
				closeOwner();
				wait = wait.multipliedBy(2).compareTo(LONGEST_BACK_OFF) > 0 ? LONGEST_BACK_OFF : wait.multipliedBy(2);
			}
		}
	}

	/** Writes everything marked; what fails stays marked. */
	void pass() throws SQLException {
		Map<OrgId, BiAuthority.Tenant> tenants = authority.tenants();
		for (OrgId org : List.copyOf(pending.keySet())) {
			Pending work = pending.remove(org);
			if (work == null) {
				continue;
			}
			BiAuthority.Tenant tenant = tenants.get(org);
			if (tenant == null) {
				continue; // not projected (or no longer)
			}
			try {
				write(tenant, work);
			}
			catch (RuntimeException | SQLException ex) {
				pending.merge(org, work, (existing, failed) -> {
					existing.merge(failed);
					return existing;
				});
				throw ex;
			}
		}
	}

	private @Nullable Report write(BiAuthority.Tenant tenant, Pending work) throws SQLException {
		Set<UUID> tasks;
		boolean metadata;
		boolean full;
		synchronized (work) {
			tasks = new HashSet<>(work.tasks.keySet());
			metadata = work.metadata;
			full = work.full;
		}
		Report report = bi.asWriter(sql -> {
			lockTenant(sql, tenant.role());
			return readSource(ownerSql -> project(sql, ownerSql, tenant, tasks, metadata, full));
		});
		long now = System.nanoTime();
		synchronized (work) {
			work.tasks.values().forEach(at -> lag.record(now - at, TimeUnit.NANOSECONDS));
			if (work.tasks.isEmpty()) {
				lag.record(now - work.since, TimeUnit.NANOSECONDS);
			}
		}
		if (report != null) {
			authority.recordReconcile(tenant.org(), report.at(), summary(report));
		}
		return report;
	}

	/** Reconciles one organization now, in the calling thread. */
	Report reconcile(OrgId org) throws SQLException {
		BiAuthority.Tenant tenant = authority.tenants().get(org);
		if (tenant == null) {
			throw new IllegalStateException("BI access is off");
		}
		return java.util.Objects.requireNonNull(write(tenant, Pending.everything()));
	}

	private static void lockTenant(DSLContext sql, String tenant) {
		sql.select(DSL.field("pg_advisory_xact_lock(hashtext({0}))", Object.class, DSL.val(tenant, SQLDataType.CLOB)))
			.fetch();
	}

	private @Nullable Report project(DSLContext sql, DSLContext ownerSql, BiAuthority.Tenant tenant, Set<UUID> tasks,
			boolean metadata, boolean full) {
		BiSource.Choice choice = new BiSource.Choice(tenant.content(), tenant.restricted());
		OrgId org = tenant.org();
		String t = tenant.role();
		Map<String, BiTables.Diff> diffs = new LinkedHashMap<>();
		if (metadata || full) {
			BiSource.Metadata m = source.metadata(ownerSql, org, choice);
			put(diffs, BiTables.sync(sql, BiTables.PROJECTS, t, DSL.noCondition(), m.projects()));
			put(diffs, BiTables.sync(sql, BiTables.STATUSES, t, DSL.noCondition(), m.statuses()));
			put(diffs, BiTables.sync(sql, BiTables.MILESTONES, t, DSL.noCondition(), m.milestones()));
			put(diffs, BiTables.sync(sql, BiTables.SPRINTS, t, DSL.noCondition(), m.sprints()));
			put(diffs, BiTables.sync(sql, BiTables.LABELS, t, DSL.noCondition(), m.labels()));
		}
		if (full) {
			BiSource.Tasks all = source.allTasks(ownerSql, org, choice);
			put(diffs, BiTables.sync(sql, BiTables.TASKS, t, DSL.noCondition(), all.tasks()));
			put(diffs, BiTables.sync(sql, BiTables.TASK_LABELS, t, DSL.noCondition(), all.taskLabels()));
			put(diffs, BiTables.sync(sql, BiTables.COMMENTS, t, DSL.noCondition(), all.comments()));
			put(diffs,
					BiTables.sync(sql, BiTables.PEOPLE, t, DSL.noCondition(), source.people(ownerSql, peopleOf(all))));
		}
		else if (!tasks.isEmpty()) {
			BiSource.Tasks some = source.tasks(ownerSql, org, choice, tasks.stream().map(TaskId::new).toList());
			List<UUID> ids = List.copyOf(tasks);
			BiTables.sync(sql, BiTables.TASKS, t, BiTables.TASKS.field("id").in(ids), some.tasks());
			BiTables.sync(sql, BiTables.TASK_LABELS, t, BiTables.TASK_LABELS.field("task_id").in(ids),
					some.taskLabels());
			BiTables.sync(sql, BiTables.COMMENTS, t, BiTables.COMMENTS.field("task_id").in(ids), some.comments());
			// Only adds or renames the people these tasks name: others may name them too.
			List<UUID> named = List.copyOf(peopleOf(some));
			BiTables.sync(sql, BiTables.PEOPLE, t, BiTables.PEOPLE.field("id").in(named),
					source.people(ownerSql, named));
		}
		Instant now = Instant.now(clock);
		var state = DSL.table(DSL.name("bi_data", "tenant_state"));
		var projectedAt = DSL.field(DSL.name("projected_at"), SQLDataType.INSTANT);
		var reconciledAt = DSL.field(DSL.name("reconciled_at"), SQLDataType.INSTANT);
		var insert = sql.insertInto(state)
			.columns(BiTables.TENANT, projectedAt, reconciledAt)
			.values(DSL.val(t, SQLDataType.CLOB), DSL.val(now, SQLDataType.INSTANT),
					DSL.val(full ? now : null, SQLDataType.INSTANT))
			.onConflict(BiTables.TENANT)
			.doUpdate()
			.set(projectedAt, now);
		(full ? insert.set(reconciledAt, now) : insert).execute();
		return full ? new Report(now, diffs) : null;
	}

	private static void put(Map<String, BiTables.Diff> diffs, BiTables.Diff diff) {
		diffs.put(diff.table(), diff);
	}

	private static Set<UUID> peopleOf(BiSource.Tasks tasks) {
		Set<UUID> people = new HashSet<>();
		tasks.tasks().forEach(t -> {
			if (t.assigneeId() != null) {
				people.add(t.assigneeId());
			}
		});
		tasks.comments().forEach(c -> {
			if (c.authorId() != null) {
				people.add(c.authorId());
			}
		});
		return people;
	}

	String summary(Report report) {
		Map<String, Object> tables = new LinkedHashMap<>();
		report.tables()
			.forEach((name, d) -> tables.put(name, Map.of("source", d.source(), "projectedBefore", d.projected(),
					"removed", d.removed(), "written", d.written())));
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("at", report.at().toString());
		summary.put("repaired", report.repaired());
		summary.put("tables", tables);
		try {
			return json.writeValueAsString(summary);
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ---- the source, as the schema owner ----

	/**
	 * One repeatable-read, read-only transaction on the owner connection this node keeps
	 * (opening one per pass would cost a SCRAM handshake each).
	 */
	private <T> T readSource(java.util.function.Function<DSLContext, T> work) {
		synchronized (ownerLock) {
			try {
				Connection c = ownerConnection;
				if (c == null || c.isClosed()) {
					c = owner.connect();
					c.setAutoCommit(false);
					c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
					c.setReadOnly(true);
					ownerConnection = c;
				}
				try {
					T result = work.apply(DSL.using(c, SQLDialect.POSTGRES));
					c.commit();
					return result;
				}
				catch (RuntimeException ex) {
					c.rollback();
					throw ex;
				}
			}
			catch (SQLException ex) {
				closeOwner();
				throw new IllegalStateException("source database unavailable: " + ex.getSQLState(), ex);
			}
		}
	}

	private void closeOwner() {
		synchronized (ownerLock) {
			if (ownerConnection != null) {
				try {
					ownerConnection.close();
				}
				catch (SQLException ignored) {
					// gone already
				}
				ownerConnection = null;
			}
		}
	}

	// ---- nightly ----

	/**
	 * Every organization is reconciled once a night, by one node: the first to claim its
	 * tenant (its last reconcile older than 12 hours).
	 */
	@Scheduled(cron = "${rampart.bi.reconcile-cron:0 30 3 * * *}")
	void nightly() {
		claimNightly();
	}

	/** Claims the organizations due for their nightly reconcile; answers how many. */
	int claimNightly() {
		if (!bi.started()) {
			return 0;
		}
		try {
			Map<OrgId, BiAuthority.Tenant> tenants = authority.tenants();
			List<String> claimed = bi.asWriter(sql -> {
				List<String> mine = new ArrayList<>();
				var state = DSL.table(DSL.name("bi_data", "tenant_state"));
				var reconciledAt = DSL.field(DSL.name("reconciled_at"), SQLDataType.INSTANT);
				Instant now = Instant.now(clock);
				for (BiAuthority.Tenant tenant : tenants.values()) {
					int n = sql.update(state)
						.set(reconciledAt, now)
						.where(BiTables.TENANT.eq(tenant.role()))
						.and(reconciledAt.isNull().or(reconciledAt.lt(now.minus(Duration.ofHours(12)))))
						.execute();
					if (n > 0) {
						mine.add(tenant.role());
					}
				}
				return mine;
			});
			Map<String, OrgId> byRole = new HashMap<>();
			tenants.values().forEach(t -> byRole.put(t.role(), t.org()));
			claimed.forEach(role -> requestFull(byRole.get(role)));
			return claimed.size();
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("BI nightly reconcile could not start: {}", ex.getClass().getSimpleName());
			return 0;
		}
	}

	@Override
	void stopped() {
		closeOwner();
	}

}
