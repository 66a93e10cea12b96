package dev.rampart.work.internal;

import static dev.rampart.db.schema.Tables.PROJECT_MEMBERS;

import dev.rampart.access.spi.RoleHolders;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Project memberships are work's: it answers who holds a role the access module deletes.
 */
@Component
class ProjectRoleHolders implements RoleHolders {

	@Override
	public int count(DSLContext sql, UUID role) {
		return sql.fetchCount(PROJECT_MEMBERS, PROJECT_MEMBERS.ROLE_ID.eq(role));
	}

	@Override
	public void reassign(DSLContext sql, UUID role, UUID replacement) {
		sql.update(PROJECT_MEMBERS)
			.set(PROJECT_MEMBERS.ROLE_ID, replacement)
			.where(PROJECT_MEMBERS.ROLE_ID.eq(role))
			.execute();
	}

}
