package dev.rampart.shared;

/** A request value is missing, malformed or outside its limits. */
public final class InvalidInput extends RampartException {

	private static final long serialVersionUID = 1L;

	private final String field;

	public InvalidInput(String field, String reason) {
		super(Category.INVALID, field + ": " + reason);
		this.field = field;
	}

	public String field() {
		return field;
	}

}
