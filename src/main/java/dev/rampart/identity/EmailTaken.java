package dev.rampart.identity;

import dev.rampart.shared.RampartException;

/** Sign-up with an email address that already has an account. */
public final class EmailTaken extends RampartException {

	private static final long serialVersionUID = 1L;

	EmailTaken() {
		super(Category.CONFLICT, "an account with this email already exists");
	}

}
