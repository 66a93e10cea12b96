package dev.rampart.identity;

import dev.rampart.shared.FieldProblem;
import dev.rampart.shared.RampartException;

/** The chosen password breaks the password policy; the message says which rule. */
public final class WeakPassword extends RampartException implements FieldProblem {

	private static final long serialVersionUID = 1L;

	WeakPassword(String reason) {
		super(Category.INVALID, reason);
	}

	@Override
	public String field() {
		return "password";
	}

	@Override
	public String reason() {
		return getMessage();
	}

}
