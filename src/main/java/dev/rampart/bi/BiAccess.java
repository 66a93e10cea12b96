package dev.rampart.bi;

import static dev.rampart.db.schema.Tables.BI_ACCESS;
import static dev.rampart.db.schema.Tables.BI_LOGINS;
import static dev.rampart.db.schema.Tables.BI_USERS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.MfaEnrolmentRequired;
import dev.rampart.access.Permission;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.BiAccessRecord;
import dev.rampart.db.schema.tables.records.BiLoginsRecord;
import dev.rampart.db.schema.tables.records.BiUsersRecord;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TextFields;
import dev.rampart.work.WorkEvent;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * An organization's BI access, managed by its owners (org.manage_security): turning it on
 * (choosing what is projected), its BI users (made, rotated, revoked), the projection's
 * status and a reconcile on demand. Turning it on and every change to who may connect
 * needs an account with a second factor and a recent proof (step-up). Changes take effect
 * in the BI database before the answer; if it cannot be reached, nothing changes (503),
 * except turning access off and revoking, which always succeed and reach the BI database
 * at its next upkeep if not at once.
 */
@Service
public class BiAccess {

	private static final Logger log = LoggerFactory.getLogger(BiAccess.class);

	static final int LABEL_MAX = 100;

	private static final int SECRET_LENGTH = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Database db;

	private final AccessPolicy access;

	private final StepUpPolicy stepUp;

	private final BiDatabase bi;

	private final BiProjector projector;

	private final BiUpkeep upkeep;

	private final BiSettings settings;

	private final Clock clock;

	BiAccess(Database db, AccessPolicy access, StepUpPolicy stepUp, BiDatabase bi, BiProjector projector,
			BiUpkeep upkeep, BiSettings settings, Clock clock) {
		this.db = db;
		this.access = access;
		this.stepUp = stepUp;
		this.bi = bi;
		this.projector = projector;
		this.upkeep = upkeep;
		this.settings = settings;
		this.clock = clock;
	}

	/** The organization's BI access, users and projection status. */
	public BiStatus status(Actor actor, OrgId org) {
		access.requireToRead(actor, Permission.ORG_MANAGE_SECURITY, org);
		record Read(@Nullable BiAccessRecord row, List<BiUser> users) {
		}
		Read read = db.read(DbContext.user(actor.userId()), sql -> {
			BiAccessRecord row = sql.selectFrom(BI_ACCESS).where(BI_ACCESS.ORG_ID.eq(org.value())).fetchOne();
			return new Read(row, row == null ? List.of() : users(sql, org));
		});
		BiAccessRecord row = read.row();
		if (row == null) {
			return new BiStatus(false, false, false, null, null, List.of(), null);
		}
		// The BI database is asked after Rampart's own transaction: a slow or absent BI
		// database never holds one of the request pool's connections.
		return new BiStatus(true, row.getContent(), row.getRestricted(), row.getEnabledAt(), connection(), read.users(),
				projection(org, row));
	}

	/** Turns BI access on, or changes what is projected; the projection is reconciled. */
	public BiStatus enable(Actor actor, OrgId org, boolean content, boolean restricted) {
		requireStrongProof(actor, org);
		available();
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()), sql -> {
			BiAccessRecord existing = sql.selectFrom(BI_ACCESS)
				.where(BI_ACCESS.ORG_ID.eq(org.value()))
				.forUpdate()
				.fetchOne();
			if (existing == null) {
				sql.insertInto(BI_ACCESS)
					.set(BI_ACCESS.ORG_ID, org.value())
					.set(BI_ACCESS.TENANT_ROLE, BiDatabase.newRoleName('t'))
					.set(BI_ACCESS.CONTENT, content)
					.set(BI_ACCESS.RESTRICTED, restricted)
					.set(BI_ACCESS.ENABLED_BY, actor.userId().value())
					.set(BI_ACCESS.ENABLED_AT, now)
					.set(BI_ACCESS.UPDATED_AT, now)
					.set(BI_ACCESS.VERSION, 1)
					.execute();
			}
			else {
				sql.update(BI_ACCESS)
					.set(BI_ACCESS.CONTENT, content)
					.set(BI_ACCESS.RESTRICTED, restricted)
					.set(BI_ACCESS.UPDATED_AT, now)
					.set(BI_ACCESS.VERSION, BI_ACCESS.VERSION.plus(1))
					.where(BI_ACCESS.ORG_ID.eq(org.value()))
					.execute();
			}
			Database.afterCommit(() -> {
				projector.requestFull(org);
				syncQuietly();
			});
			return null;
		});
		return status(actor, org);
	}

	/**
	 * Turns BI access off: the organization's rows, BI users and their sessions leave the
	 * BI database at once.
	 */
	public void disable(Actor actor, OrgId org) {
		access.require(actor, Permission.ORG_MANAGE_SECURITY, org);
		stepUp.require(actor);
		db.write(DbContext.user(actor.userId()), sql -> {
			Database.requireChanged(sql.deleteFrom(BI_ACCESS).where(BI_ACCESS.ORG_ID.eq(org.value())).execute(),
					() -> new NotFound("BI access"));
			Database.afterCommit(this::syncQuietly);
			return null;
		});
	}

	/**
	 * A new BI user: a login role with a random password, shown once, valid until
	 * {@code expiresAt} (default {@code rampart.bi.default-validity}) from
	 * {@code allowedNetworks} only.
	 */
	public BiCredential createUser(Actor actor, OrgId org, String label, List<String> allowedNetworks,
			@Nullable Instant expiresAt) {
		String validLabel = TextFields.name("label", label, LABEL_MAX);
		List<String> networks = BiNetworks.valid(allowedNetworks, settings.maxNetworks());
		Instant now = Clocks.now(clock);
		Instant expires = expiresAt == null ? now.plus(settings.defaultValidity()) : expiresAt;
		if (!expires.isAfter(now) || expires.isAfter(now.plus(settings.longestValidity()))) {
			throw new InvalidInput("expiresAt",
					"must be in the future and at most " + settings.longestValidity().toDays() + " days away");
		}
		requireStrongProof(actor, org);
		available();
		UUID id = UUID.randomUUID();
		String login = BiDatabase.newRoleName('u');
		String password = newPassword();
		db.write(DbContext.user(actor.userId()), sql -> {
			String tenant = tenantOf(sql, org);
			int users = sql.fetchCount(BI_USERS, BI_USERS.ORG_ID.eq(org.value()).and(BI_USERS.REVOKED_AT.isNull()));
			if (users >= settings.maxUsers()) {
				throw new Conflict(
						"this organization has " + users + " BI users, the most it may have; revoke one first");
			}
			sql.insertInto(BI_USERS)
				.set(BI_USERS.ID, id)
				.set(BI_USERS.ORG_ID, org.value())
				.set(BI_USERS.LABEL, validLabel)
				.set(BI_USERS.ALLOWED_NETWORKS, BiNetworks.join(networks))
				.set(BI_USERS.EXPIRES_AT, expires)
				.set(BI_USERS.CREATED_BY, actor.userId().value())
				.set(BI_USERS.CREATED_AT, now)
				.execute();
			addLogin(sql, org, tenant, id, login, password, expires, now);
			Database.afterCommit(this::syncQuietly);
			return null;
		});
		return new BiCredential(user(actor, org, id), login, password);
	}

	/**
	 * A new user name and password for a BI user; the old ones keep working for
	 * {@code rampart.bi.rotation-overlap}.
	 */
	public BiCredential rotate(Actor actor, OrgId org, UUID userId) {
		requireStrongProof(actor, org);
		available();
		Instant now = Clocks.now(clock);
		String login = BiDatabase.newRoleName('u');
		String password = newPassword();
		db.write(DbContext.user(actor.userId()), sql -> {
			String tenant = tenantOf(sql, org);
			BiUsersRecord user = liveUser(sql, org, userId);
			// One previous login at most: an older one retires now.
			sql.update(BI_LOGINS)
				.set(BI_LOGINS.RETIRES_AT, now)
				.where(BI_LOGINS.BI_USER_ID.eq(userId))
				.and(BI_LOGINS.RETIRES_AT.gt(now))
				.execute();
			sql.update(BI_LOGINS)
				.set(BI_LOGINS.RETIRES_AT, now.plus(settings.rotationOverlap()))
				.where(BI_LOGINS.BI_USER_ID.eq(userId))
				.and(BI_LOGINS.RETIRES_AT.isNull())
				.execute();
			addLogin(sql, org, tenant, userId, login, password, user.getExpiresAt(), now);
			Database.afterCommit(this::syncQuietly);
			return null;
		});
		return new BiCredential(user(actor, org, userId), login, password);
	}

	/** Revokes a BI user: its logins are dropped and their open sessions ended. */
	public void revoke(Actor actor, OrgId org, UUID userId) {
		access.require(actor, Permission.ORG_MANAGE_SECURITY, org);
		stepUp.require(actor);
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()), sql -> {
			liveUser(sql, org, userId);
			sql.update(BI_USERS).set(BI_USERS.REVOKED_AT, now).where(BI_USERS.ID.eq(userId)).execute();
			sql.update(BI_LOGINS)
				.set(BI_LOGINS.RETIRES_AT, now)
				.where(BI_LOGINS.BI_USER_ID.eq(userId))
				.and(BI_LOGINS.RETIRES_AT.isNull().or(BI_LOGINS.RETIRES_AT.gt(now)))
				.execute();
			Database.afterCommit(this::syncQuietly);
			return null;
		});
	}

	/** Reconciles the organization's projection now and answers what it found. */
	public BiStatus reconcile(Actor actor, OrgId org) {
		access.require(actor, Permission.ORG_MANAGE_SECURITY, org);
		db.read(DbContext.user(actor.userId()), sql -> tenantOf(sql, org));
		available();
		try {
			projector.reconcile(org);
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("BI reconcile failed: {}", ex.getClass().getSimpleName());
			throw new BiUnavailable();
		}
		return status(actor, org);
	}

	/** Organization deleted: its tenant leaves the BI database with its row (cascade). */
	@EventListener
	void on(WorkEvent.OrganizationDeleted deleted) {
		Database.afterCommit(this::syncQuietly);
	}

	// ---- helpers ----

	private void requireStrongProof(Actor actor, OrgId org) {
		access.require(actor, Permission.ORG_MANAGE_SECURITY, org);
		if (!settings.enabled()) {
			throw new Conflict("BI access is turned off on this installation (rampart.bi.enabled)");
		}
		if (!actor.credential().mfaEnrolled()) {
			throw new MfaEnrolmentRequired("BI access");
		}
		stepUp.require(actor);
	}

	/** The BI database is started (first use) and answers, or the change is refused. */
	private void available() {
		try {
			bi.start();
		}
		catch (RuntimeException ex) {
			log.warn("BI database unavailable: {}", ex.getClass().getSimpleName());
			throw new BiUnavailable();
		}
	}

	private void addLogin(DSLContext sql, OrgId org, String tenant, UUID user, String login, String password,
			Instant expires, Instant now) {
		sql.insertInto(BI_LOGINS)
			.set(BI_LOGINS.ROLE_NAME, login)
			.set(BI_LOGINS.BI_USER_ID, user)
			.set(BI_LOGINS.ORG_ID, org.value())
			.set(BI_LOGINS.CREATED_AT, now)
			.execute();
		// The role exists before the commit: if the BI database refuses, nothing is
		// stored; if the commit fails after it, the upkeep drops the stray role.
		try {
			bi.createLogin(tenant, login, ScramVerifier.of(password), expires);
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("BI login could not be made: {}", ex.getClass().getSimpleName());
			throw new BiUnavailable();
		}
	}

	private static String tenantOf(DSLContext sql, OrgId org) {
		return Optional
			.ofNullable(sql.select(BI_ACCESS.TENANT_ROLE)
				.from(BI_ACCESS)
				.where(BI_ACCESS.ORG_ID.eq(org.value()))
				.fetchOne(BI_ACCESS.TENANT_ROLE))
			.orElseThrow(() -> new Conflict("BI access is off for this organization: turn it on first"));
	}

	private static BiUsersRecord liveUser(DSLContext sql, OrgId org, UUID userId) {
		BiUsersRecord user = sql.selectFrom(BI_USERS)
			.where(BI_USERS.ID.eq(userId))
			.and(BI_USERS.ORG_ID.eq(org.value()))
			.and(BI_USERS.REVOKED_AT.isNull())
			.fetchOne();
		if (user == null) {
			throw new NotFound("BI user");
		}
		return user;
	}

	private BiUser user(Actor actor, OrgId org, UUID id) {
		return db
			.read(DbContext.user(actor.userId()),
					sql -> users(sql, org).stream().filter(u -> u.id().equals(id)).findFirst())
			.orElseThrow(() -> new NotFound("BI user"));
	}

	private List<BiUser> users(DSLContext sql, OrgId org) {
		Instant now = Clocks.now(clock);
		Map<UUID, List<BiLoginsRecord>> logins = sql.selectFrom(BI_LOGINS)
			.where(BI_LOGINS.ORG_ID.eq(org.value()))
			.and(BI_LOGINS.RETIRES_AT.isNull().or(BI_LOGINS.RETIRES_AT.gt(now)))
			.orderBy(BI_LOGINS.CREATED_AT.desc())
			.fetch()
			.stream()
			.collect(Collectors.groupingBy(BiLoginsRecord::getBiUserId));
		List<BiUser> users = new ArrayList<>();
		sql.selectFrom(BI_USERS)
			.where(BI_USERS.ORG_ID.eq(org.value()))
			.and(BI_USERS.REVOKED_AT.isNull())
			.orderBy(BI_USERS.CREATED_AT, BI_USERS.ID)
			.forEach(u -> {
				List<BiLoginsRecord> mine = logins.getOrDefault(u.getId(), List.of());
				BiLoginsRecord current = mine.stream().filter(l -> l.getRetiresAt() == null).findFirst().orElse(null);
				BiLoginsRecord previous = mine.stream().filter(l -> l.getRetiresAt() != null).findFirst().orElse(null);
				users.add(new BiUser(u.getId(), u.getLabel(), current == null ? "" : current.getRoleName(),
						BiNetworks.split(u.getAllowedNetworks()), u.getExpiresAt(), u.getCreatedAt(),
						previous == null ? null : previous.getRoleName(),
						previous == null ? null : previous.getRetiresAt()));
			});
		return users;
	}

	private BiStatus.@Nullable Connection connection() {
		if (!bi.started()) {
			return null;
		}
		return new BiStatus.Connection(bi.host(), bi.port(), BiDatabase.DATABASE, "rampart", "require");
	}

	private BiStatus.Projection projection(OrgId org, BiAccessRecord row) {
		BiProjector.Waiting waiting = projector.waiting(org);
		Instant projectedAt = null;
		boolean reachable = false;
		if (bi.started()) {
			try {
				String tenant = row.getTenantRole();
				projectedAt = bi.asWriter(sql -> sql.select(DSL.field(DSL.name("projected_at"), SQLDataType.INSTANT))
					.from(DSL.table(DSL.name("bi_data", "tenant_state")))
					.where(BiTables.TENANT.eq(tenant))
					.fetchOptional(0, Instant.class)
					.orElse(null));
				reachable = true;
			}
			catch (SQLException | RuntimeException ex) {
				reachable = false;
			}
		}
		return new BiStatus.Projection(waiting.changes(), waiting.oldest(), projectedAt, row.getReconciledAt(),
				row.getReconcileReport(), reachable);
	}

	/**
	 * Runs the upkeep now and waits for it (up to 30 s). Called after the change's
	 * commit, still inside its transaction's completion, so it runs on a thread of its
	 * own.
	 */
	private void syncQuietly() {
		Thread sync = new Thread(() -> {
			try {
				upkeep.syncNow();
			}
			catch (SQLException | RuntimeException ex) {
				log.warn("BI database not brought in line at once (the upkeep retries): {}",
						ex.getClass().getSimpleName(), ex);
			}
		}, "rampart-bi-sync");
		sync.setDaemon(true);
		sync.start();
		try {
			sync.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * 32 letters and digits (about 190 bits), uniform: what SASLprep leaves as it is and
	 * every BI tool's password field takes.
	 */
	private static String newPassword() {
		dev.rampart.shared.ShownOnce.issued();
		StringBuilder password = new StringBuilder(SECRET_LENGTH);
		for (int i = 0; i < SECRET_LENGTH; i++) {
			int v = RANDOM.nextInt(62);
			password.append((char) (v < 26 ? 'A' + v : v < 52 ? 'a' + v - 26 : '0' + v - 52));
		}
		return password.toString();
	}

}
