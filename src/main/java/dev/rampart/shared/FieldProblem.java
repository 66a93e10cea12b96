package dev.rampart.shared;

/** An error about one named input field; adapters list it with the field's name. */
public interface FieldProblem {

	String field();

	/** What is wrong, without the field's name. */
	String reason();

}
