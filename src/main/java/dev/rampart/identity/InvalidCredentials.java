package dev.rampart.identity;

import dev.rampart.shared.RampartException;

/** Sign-in failed. Deliberately says nothing about whether the account exists. */
public final class InvalidCredentials extends RampartException {

	private static final long serialVersionUID = 1L;

	InvalidCredentials() {
		super(Category.UNAUTHENTICATED, "the email, password or code is not correct");
	}

}
