package dev.rampart.identity;

import dev.rampart.shared.RampartException;

/** The chosen password breaks the password policy; the message says which rule. */
public final class WeakPassword extends RampartException {

	private static final long serialVersionUID = 1L;

	WeakPassword(String reason) {
		super(Category.INVALID, reason);
	}

}
