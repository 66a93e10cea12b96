package dev.rampart.work.internal;

import dev.rampart.keys.KeyRotation;
import dev.rampart.work.WorkEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Once an organization's deletion has committed, its keysets are destroyed: every copy of
 * its ciphertext (backups, replicas, archived log files) becomes undecryptable. Runs on
 * the deleting thread, so the deletion answers only after it; the publication registry
 * keeps the event until this has run, so a node that dies in between destroys the keys
 * when it starts again.
 */
@Component
class CryptoShredding {

	private final KeyRotation keys;

	CryptoShredding(KeyRotation keys) {
		this.keys = keys;
	}

	@TransactionalEventListener
	void on(WorkEvent.OrganizationDeleted deleted) {
		keys.destroy(deleted.org());
	}

}
