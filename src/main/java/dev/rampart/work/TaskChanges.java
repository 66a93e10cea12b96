package dev.rampart.work;

import dev.rampart.shared.UserId;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.InvalidInput;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;

/** A partial update of a task; fields left as {@link Change#keep()} are not touched. */
public record TaskChanges(Change<String> title, Change<String> description, Change<TaskStatus> status,
		Change<TaskPriority> priority, Change<UserId> assignee, Change<LocalDate> dueDate,
		Change<TaskVisibility> visibility) {

	/** Reads a merge patch of a task: a JSON body or a GraphQL input object, same field names. */
	/** The fields a change may name; any other is refused rather than silently dropped. */
	static final java.util.List<String> FIELDS = java.util.List.of("title", "description", "status", "priority",
			"assigneeId", "dueDate", "visibility");

	public static TaskChanges parse(Map<String, ?> patch) {
		for (String field : patch.keySet()) {
			if (!FIELDS.contains(field)) {
				throw new InvalidInput(field, "is not a field of a task; the fields are " + String.join(", ", FIELDS));
			}
		}
		return new TaskChanges(Change.from(patch, "title", false, Function.identity()),
				Change.from(patch, "description", false, Function.identity()),
				Change.from(patch, "status", false, s -> TaskStatus.parse("status", s)),
				Change.from(patch, "priority", false, p -> TaskPriority.parse("priority", p)),
				Change.from(patch, "assigneeId", true, a -> new UserId(Inputs.uuid("assigneeId", a))),
				Change.from(patch, "dueDate", true, d -> Inputs.date("dueDate", d)),
				Change.from(patch, "visibility", false, v -> TaskVisibility.parse("visibility", v)));
	}

}
