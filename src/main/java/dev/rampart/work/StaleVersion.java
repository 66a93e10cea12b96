package dev.rampart.work;

import dev.rampart.shared.RampartException;

/** The client edited an older version of the resource than the one stored. */
public final class StaleVersion extends RampartException {

	private static final long serialVersionUID = 1L;

	public StaleVersion(int current) {
		super(Category.STALE, "the task was changed by someone else; current version is " + current);
	}

}
