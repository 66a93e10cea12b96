package dev.rampart.bi;

import dev.rampart.shared.OrgId;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Brings the BI database in line with the authority, on every node every
 * {@code rampart.bi.upkeep-interval} and at once after a change to BI access: starts it
 * when the first organization opts in (and then reconciles every organization, since
 * marks made before are gone), drops login roles that may no longer exist (revoked,
 * rotated out past the overlap) with their sessions, drops an organization's group role
 * and rows once its access is off or it is deleted, writes the {@code hostssl} rules,
 * cancels statements over the timeout, hands a renewed certificate to the server, and
 * records refused connections ({@link BiRefusals}).
 */
@Component
class BiUpkeep extends BackgroundThread {

	private static final Logger log = LoggerFactory.getLogger(BiUpkeep.class);

	private final BiDatabase bi;

	private final BiAuthority authority;

	private final BiProjector projector;

	private final BiRefusals refusals;

	private final BiSettings settings;

	private final Clock clock;

	private volatile boolean failing;

	/**
	 * How long a login role unknown to the authority is left alone (its maker may not
	 * have committed yet).
	 */
	private static final java.time.Duration STRANGER_GRACE = java.time.Duration.ofMinutes(2);

	/** Login roles unknown to the authority, and since when (this node's clock). */
	private final java.util.Map<String, Long> strangers = new java.util.HashMap<>();

	BiUpkeep(BiDatabase bi, BiAuthority authority, BiProjector projector, BiRefusals refusals, BiSettings settings,
			Clock clock) {
		super("rampart-bi-upkeep");
		this.bi = bi;
		this.authority = authority;
		this.projector = projector;
		this.refusals = refusals;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * One round, now (after a change to BI access, so it takes effect before the answer).
	 */
	synchronized void syncNow() throws SQLException {
		Map<OrgId, BiAuthority.Tenant> tenants = authority.tenants();
		if (!bi.started()) {
			if (tenants.isEmpty()) {
				return;
			}
			bi.start();
			tenants.keySet().forEach(projector::requestFull);
		}
		// The roles present are listed before the authority is read: a login made after
		// the listing is not in it.
		Set<String> present = bi.roles();
		Instant now = Instant.now(clock);
		List<BiAuthority.Login> known = authority.knownLogins(now);
		List<BiAuthority.Login> logins = known.stream().filter(BiAuthority.Login::live).toList();
		Set<String> wanted = new HashSet<>();
		Set<String> knownNames = new HashSet<>();
		tenants.values().forEach(t -> wanted.add(t.role()));
		logins.forEach(l -> wanted.add(l.role()));
		known.forEach(l -> knownNames.add(l.role()));
		// Logins first (a tenant role is dropped only once no login belongs to it). One
		// the
		// authority knows as revoked or retired goes at once; one it does not know may be
		// being made (its transaction not yet committed, on this node or another) and
		// goes
		// once it has stayed unknown for the grace period.
		long nowNanos = System.nanoTime();
		strangers.keySet().retainAll(present);
		for (String role : present) {
			if (!role.startsWith("u_") || wanted.contains(role)) {
				strangers.remove(role);
				continue;
			}
			if (knownNames.contains(role)
					|| nowNanos - strangers.computeIfAbsent(role, r -> nowNanos) > STRANGER_GRACE.toNanos()) {
				bi.dropLogin(role);
				strangers.remove(role);
			}
		}
		for (String role : present) {
			if (role.startsWith("t_") && !wanted.contains(role)) {
				bi.asWriter(sql -> {
					BiTables.removeTenant(sql, role);
					return null;
				});
				bi.dropTenant(role);
			}
		}
		for (BiAuthority.Tenant tenant : tenants.values()) {
			if (!present.contains(tenant.role())) {
				bi.ensureTenant(tenant.role());
			}
		}
		List<BiDatabase.Rule> rules = new ArrayList<>();
		for (BiAuthority.Login login : logins) {
			login.networks().forEach(n -> rules.add(new BiDatabase.Rule(login.role(), n)));
		}
		bi.applyRules(rules);
		bi.cancelLongStatements();
		bi.refreshCertificate();
		refusals.read();
	}

	@Override
	void loop() {
		while (running()) {
			try {
				Thread.sleep(settings.upkeepInterval().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			try {
				syncNow();
				if (failing) {
					log.info("BI database upkeep works again");
				}
				failing = false;
			}
			catch (SQLException | RuntimeException ex) {
				if (!failing) {
					log.warn("BI database upkeep failed, will retry: {}", ex.getClass().getSimpleName());
				}
				failing = true;
			}
		}
	}

	@Override
	boolean wanted() {
		return settings.enabled();
	}

}
