package dev.rampart.bi;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.OrgId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Component;

/**
 * What Rampart's own database says BI access is (which organizations project what under
 * which tenant role, which login roles may exist), read and kept by the projector and the
 * upkeep on pooled connections without a user, through the definer functions of
 * {@code R__9b_bi_row_security.sql}.
 */
@Component
class BiAuthority {

	/** An organization that projects, and what. */
	record Tenant(OrgId org, String role, boolean content, boolean restricted) {
	}

	/** A login role the authority knows; {@code live}: it may exist now. */
	record Login(String role, OrgId org, String tenant, List<String> networks, Instant expires, boolean live) {
	}

	private final Database db;

	BiAuthority(Database db) {
		this.db = db;
	}

	Map<OrgId, Tenant> tenants() {
		return db.read(DbContext.none(), sql -> {
			Map<OrgId, Tenant> tenants = new HashMap<>();
			sql.select(DSL.field("org_id", UUID.class), DSL.field("tenant_role", String.class),
					DSL.field("content", Boolean.class), DSL.field("restricted", Boolean.class))
				.from(DSL.table("rampart.bi_tenants()"))
				.forEach(r -> {
					OrgId org = new OrgId(r.value1());
					tenants.put(org, new Tenant(org, r.value2(), Boolean.TRUE.equals(r.value3()),
							Boolean.TRUE.equals(r.value4())));
				});
			return tenants;
		});
	}

	/** Every login role the authority knows: live ones, and revoked or retired ones. */
	List<Login> knownLogins(Instant now) {
		return db.read(DbContext.none(),
				sql -> sql
					.select(DSL.field("role_name", String.class), DSL.field("org_id", UUID.class),
							DSL.field("tenant_role", String.class), DSL.field("allowed_networks", String.class),
							DSL.field("expires_at", SQLDataType.INSTANT), DSL.field("live", Boolean.class))
					.from(DSL.table("rampart.bi_logins_known({0})", DSL.val(now, SQLDataType.INSTANT)))
					.fetch(r -> new Login(r.value1(), new OrgId(r.value2()), r.value3(), BiNetworks.split(r.value4()),
							r.value5(), Boolean.TRUE.equals(r.value6()))));
	}

	Optional<OrgId> orgOfLogin(String role) {
		return db
			.read(DbContext.none(),
					sql -> Optional.ofNullable(sql
						.select(DSL.field("rampart.bi_login_org({0})", UUID.class, DSL.val(role, SQLDataType.VARCHAR)))
						.fetchOne(0, UUID.class)).map(OrgId::new));
	}

	void recordReconcile(OrgId org, Instant at, String report) {
		db.housekeeping(DbContext.none(),
				sql -> sql.select(DSL.field("rampart.bi_record_reconcile({0}, {1}, {2})", Object.class,
						DSL.val(org.value()), DSL.val(at, SQLDataType.INSTANT), DSL.val(report, SQLDataType.VARCHAR)))
					.fetch());
	}

}
