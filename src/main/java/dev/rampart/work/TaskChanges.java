package dev.rampart.work;

import dev.rampart.shared.Inputs;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.UserRef;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** A partial update of a task; fields left as {@link Change#keep()} are not touched. */
public record TaskChanges(Change<String> title, Change<String> description, Change<TaskStatus> status,
		Change<TaskPriority> priority, Change<UserRef> assignee, Change<LocalDate> dueDate,
		Change<TaskVisibility> visibility, Change<LocalDate> startDate, Change<Integer> estimateMinutes,
		Change<UUID> milestone, Change<List<UUID>> labels, Change<UUID> sprint, Change<Integer> storyPoints) {

	/**
	 * The names of the fields this change sets ({@code assignee} for either way of naming
	 * one), for the activity log.
	 */
	public java.util.Set<String> fields() {
		java.util.Set<String> fields = new java.util.TreeSet<>();
		Map.ofEntries(Map.entry("title", title), Map.entry("description", description), Map.entry("status", status),
				Map.entry("priority", priority), Map.entry("assignee", assignee), Map.entry("dueDate", dueDate),
				Map.entry("visibility", visibility), Map.entry("startDate", startDate),
				Map.entry("estimateMinutes", estimateMinutes), Map.entry("milestone", milestone),
				Map.entry("labels", labels), Map.entry("sprint", sprint), Map.entry("storyPoints", storyPoints))
			.forEach((name, change) -> {
				if (change.present()) {
					fields.add(name);
				}
			});
		return java.util.Collections.unmodifiableSet(fields);
	}

	/**
	 * The fields a change may name; any other is refused rather than silently dropped.
	 */
	static final List<String> FIELDS = List.of("title", "description", "status", "priority", "assigneeId",
			"assigneeEmail", "dueDate", "visibility", "startDate", "estimateMinutes", "milestoneId", "labelIds",
			"sprintId", "storyPoints");

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

	/**
	 * Reads a merge patch of a task: a JSON body or a GraphQL input object, same field
	 * names.
	 */
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
				Change.from(patch, "visibility", false, v -> TaskVisibility.parse("visibility", v)),
				Change.from(patch, "startDate", true, d -> Inputs.date("startDate", d)),
				Change.fromValue(patch, "estimateMinutes", true, TaskPlan::estimate),
				Change.from(patch, "milestoneId", true, m -> Inputs.uuid("milestoneId", m)),
				Change.fromValue(patch, "labelIds", false, TaskPlan::labelIds),
				Change.from(patch, "sprintId", true, s -> Inputs.uuid("sprintId", s)),
				Change.fromValue(patch, "storyPoints", true, TaskPlan::storyPoints));
	}

}
