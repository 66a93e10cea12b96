package dev.rampart.access;

import dev.rampart.shared.RampartException;

/**
 * A change was asked for with a read-only API token (HTTP 403 {@code read-only-token}).
 */
public final class ReadOnlyToken extends RampartException {

	private static final long serialVersionUID = 1L;

	public ReadOnlyToken() {
		super(Category.FORBIDDEN, "this API token may only read");
	}

}
