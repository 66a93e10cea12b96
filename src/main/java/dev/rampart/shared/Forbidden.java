package dev.rampart.shared;

/** The actor can see the resource but the access decision denies this action. */
public final class Forbidden extends RampartException {

	private static final long serialVersionUID = 1L;

	public Forbidden(String action) {
		super(Category.FORBIDDEN, "not allowed: " + action);
	}

}
