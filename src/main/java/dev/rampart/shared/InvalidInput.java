package dev.rampart.shared;

/** A request value is missing, malformed or outside its limits. */
public final class InvalidInput extends RampartException implements FieldProblem {

	private static final long serialVersionUID = 1L;

	private final String field;

	private final String reason;

	public InvalidInput(String field, String reason) {
		super(Category.INVALID, field + ": " + reason);
		this.field = field;
		this.reason = reason;
	}

	@Override
	public String field() {
		return field;
	}

	/** What is wrong with the field, without its name. */
	@Override
	public String reason() {
		return reason;
	}

}
