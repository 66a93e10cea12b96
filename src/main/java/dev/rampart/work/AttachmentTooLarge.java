package dev.rampart.work;

import dev.rampart.shared.RampartException;

/**
 * The file is larger than allowed, or would take its organization over its storage quota.
 */
public final class AttachmentTooLarge extends RampartException {

	private static final long serialVersionUID = 1L;

	AttachmentTooLarge(String reason) {
		super(Category.TOO_LARGE, reason);
	}

}
