package dev.rampart.ops.backup;

import dev.rampart.shared.RampartException;

/**
 * A backup that cannot be trusted or used (signature, checksum, key store, schema), or a
 * target that is not empty: nothing was changed. The message is the operator's one line.
 */
public final class BackupRefused extends RampartException {

	private static final long serialVersionUID = 1L;

	BackupRefused(String message) {
		super(Category.CONFLICT, message);
	}

}
