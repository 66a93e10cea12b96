package dev.rampart.identity;

import dev.rampart.shared.RampartException;

/**
 * A sensitive action needs the user proven again recently (a second factor if the account has
 * one, the password otherwise): POST /api/v1/auth/step-up, then repeat the action. HTTP 401.
 */
public final class StepUpRequired extends RampartException {

	private static final long serialVersionUID = 1L;

	public StepUpRequired(String why) {
		super(Category.UNAUTHENTICATED, "this action needs a recent step-up: " + why);
	}

}
