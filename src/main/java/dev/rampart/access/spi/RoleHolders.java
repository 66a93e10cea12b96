package dev.rampart.access.spi;

import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Who holds a project role, answered by the module that keeps project memberships (work),
 * inside the caller's transaction: deleting a role moves its holders to a replacement in
 * the same transaction, without access touching work's tables.
 */
public interface RoleHolders {

	/** How many project members hold {@code role}. */
	int count(DSLContext sql, UUID role);

	/** Gives every holder of {@code role} the role {@code replacement} instead. */
	void reassign(DSLContext sql, UUID role, UUID replacement);

}
