package dev.rampart.db;

import org.jooq.DSLContext;

/**
 * Work that must commit or roll back together with every user change: called at the end
 * of each {@link Database#write} transaction's work, before the commit, in the same
 * transaction. The activity log uses it so a change is never committed without its entry.
 */
public interface WriteParticipant {

	void beforeCommit(DSLContext sql);

	/**
	 * The write transaction failed (in its work or at commit): whatever
	 * {@link #beforeCommit} added is gone.
	 */
	default void afterRollback() {
	}

}
