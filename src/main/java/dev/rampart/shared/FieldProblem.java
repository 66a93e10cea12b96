package dev.rampart.shared;

import java.util.List;

/** An error about one named input field; adapters list it with the field's name. */
public interface FieldProblem {

	String field();

	/** What is wrong, without the field's name. */
	String reason();

	/** One problem of an input: where (a field's name or a JSON Pointer) and what. */
	record Item(String field, String reason) {
	}

	/**
	 * Every problem found, the first being {@link #field()}: a document (a process
	 * template) is checked whole, so its author fixes everything in one go.
	 */
	default List<Item> items() {
		return List.of(new Item(field(), reason()));
	}

}
