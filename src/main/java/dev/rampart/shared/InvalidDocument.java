package dev.rampart.shared;

import java.util.List;

/**
 * A document (a process template) breaks its schema or its rules: every problem, each
 * named by the JSON Pointer of the value at fault ({@code /phases/0/steps/2/key}).
 */
public final class InvalidDocument extends RampartException implements FieldProblem {

	private static final long serialVersionUID = 1L;

	private final List<Item> problems;

	public InvalidDocument(List<Item> problems) {
		super(Category.INVALID, summary(problems));
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("an invalid document has at least one problem");
		}
		this.problems = List.copyOf(problems);
	}

	private static String summary(List<Item> problems) {
		return problems.size() == 1 ? "the document has a problem at " + problems.get(0).field() : "the document has "
				+ problems.size() + " problems, the first at " + (problems.isEmpty() ? "" : problems.get(0).field());
	}

	@Override
	public String field() {
		return problems.get(0).field();
	}

	@Override
	public String reason() {
		return problems.get(0).reason();
	}

	@Override
	public List<Item> items() {
		return problems;
	}

}
