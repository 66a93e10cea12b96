package dev.rampart.work;

import dev.rampart.shared.Inputs;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.UserRef;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;

/** A partial update of a task; fields left as {@link Change#keep()} are not touched. */
public record TaskChanges(Change<String> title, Change<String> description, Change<TaskStatus> status,
		Change<TaskPriority> priority, Change<UserRef> assignee, Change<LocalDate> dueDate,
		Change<TaskVisibility> visibility) {

	/**
	 * Reads a merge patch of a task: a JSON body or a GraphQL input object, same field
	 * names.
	 */
	/**
	 * The fields a change may name; any other is refused rather than silently dropped.
	 */
	/**
	 * The names of the fields this change sets ({@code assignee} for either way of naming
	 * one).
	 */
	public java.util.Set<String> fields() {
		java.util.Set<String> fields = new java.util.LinkedHashSet<>();
		java.util.Map
			.of("title", title, "description", description, "status", status, "priority", priority, "assignee",
					assignee, "dueDate", dueDate, "visibility", visibility)
			.forEach((name, change) -> {
				if (change.present()) {
					fields.add(name);
				}
			});
		return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(fields));
	}

	static final java.util.List<String> FIELDS = java.util.List.of("title", "description", "status", "priority",
			"assigneeId", "assigneeEmail", "dueDate", "visibility");

	/**
	 * The assignee, named by {@code assigneeId} or {@code assigneeEmail} (null in either
	 * clears it).
	 */
	private static Change<UserRef> assignee(Map<String, ?> patch) {
		if (patch.containsKey("assigneeId") && patch.containsKey("assigneeEmail")) {
			throw new InvalidInput("assigneeEmail", "give assigneeId or assigneeEmail, not both");
		}
		return patch.containsKey("assigneeEmail")
				? Change.from(patch, "assigneeEmail", true, e -> new UserRef(null, e, "assigneeEmail")) : Change.from(
						patch, "assigneeId", true, a -> new UserRef(Inputs.uuid("assigneeId", a), null, "assigneeId"));
	}

	public static TaskChanges parse(Map<String, ?> patch) {
		for (String field : patch.keySet()) {
			if (!FIELDS.contains(field)) {
				throw new InvalidInput(field, "is not a field of a task; the fields are " + String.join(", ", FIELDS));
			}
		}
		return new TaskChanges(Change.from(patch, "title", false, Function.identity()),
				Change.from(patch, "description", false, Function.identity()),
				Change.from(patch, "status", false, s -> TaskStatus.parse("status", s)),
				Change.from(patch, "priority", false, p -> TaskPriority.parse("priority", p)), assignee(patch),
				Change.from(patch, "dueDate", true, d -> Inputs.date("dueDate", d)),
				Change.from(patch, "visibility", false, v -> TaskVisibility.parse("visibility", v)));
	}

}
