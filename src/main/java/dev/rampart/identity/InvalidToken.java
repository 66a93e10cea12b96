package dev.rampart.identity;

import dev.rampart.shared.RampartException;

/**
 * A link or challenge token that is unknown, used, expired or for something else: all
 * answer the same.
 */
public final class InvalidToken extends RampartException {

	private static final long serialVersionUID = 1L;

	public InvalidToken() {
		super(Category.INVALID, "the link or code is invalid, used or expired");
	}

}
