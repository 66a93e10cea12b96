package dev.rampart.access;

import dev.rampart.shared.RampartException;

/**
 * A sensitive action needs the user proven again recently (a second factor if the account
 * has one, the password otherwise): POST /api/v1/auth/step-up, then repeat the action.
 * HTTP 403 with the problem type {@code step-up-required}: the caller is signed in (a 401
 * would read as "signed out" to clients), it only has to prove itself again.
 */
public final class StepUpRequired extends RampartException {

	private static final long serialVersionUID = 1L;

	public StepUpRequired(String why) {
		super(Category.FORBIDDEN, "this action needs a recent step-up: " + why);
	}

}
