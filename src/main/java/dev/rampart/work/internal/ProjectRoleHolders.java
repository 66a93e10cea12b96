package dev.rampart.work.internal;

import static dev.rampart.db.schema.Tables.PROJECT_MEMBERS;
import static dev.rampart.db.schema.Tables.WORKFLOW_TRANSITIONS;

import dev.rampart.access.spi.RoleHolders;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Project memberships are work's: it answers who holds a role the access module deletes.
 * Workflow transitions limited to the role go to the replacement too; a role deleted
 * without holders stays named by its transitions and lets nobody take them (but the
 * organization's owners and admins): deleting a role never opens a move to everyone.
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
		sql.update(WORKFLOW_TRANSITIONS)
			.set(WORKFLOW_TRANSITIONS.ROLE_IDS,
					org.jooq.impl.DSL.field("array_replace({0}, {1}, {2})", UUID[].class, WORKFLOW_TRANSITIONS.ROLE_IDS,
							org.jooq.impl.DSL.val(role), org.jooq.impl.DSL.val(replacement)))
			.where(org.jooq.impl.DSL.val(role).eq(org.jooq.impl.DSL.any(WORKFLOW_TRANSITIONS.ROLE_IDS)))
			.execute();
	}

}
