package dev.rampart.shared;

/** The change contradicts the current state (a duplicate, the last owner, ...). */
public final class Conflict extends RampartException {

	private static final long serialVersionUID = 1L;

	public Conflict(String reason) {
		super(Category.CONFLICT, reason);
	}

}
