package dev.rampart.work;

import dev.rampart.shared.Inputs;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.UserId;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Optional filters of a task list and its order. {@code titleWords}: tasks whose title
 * contains every word of it (whole words, any case and order; see
 * {@link dev.rampart.keys.FieldCipher#words}). {@code dueFrom} and {@code dueTo} are
 * inclusive; either one leaves out tasks without a due date. {@code milestone}: tasks of
 * that milestone; {@code label}: tasks carrying that label.
 */
public record TaskFilter(Optional<TaskStatus> status, Optional<UserId> assignee, Optional<String> titleWords,
		Optional<TaskPriority> priority, Optional<LocalDate> dueFrom, Optional<LocalDate> dueTo, TaskOrder order,
		Optional<UUID> milestone, Optional<UUID> label, Optional<SprintScope> sprint) {

	/** Tasks planned into a sprint, or (empty) those in the backlog, in no sprint. */
	public record SprintScope(Optional<UUID> sprint) {
	}

	public static final TaskFilter NONE = new TaskFilter(Optional.empty(), Optional.empty(), Optional.empty());

	public TaskFilter {
		if (dueFrom.isPresent() && dueTo.isPresent() && dueFrom.get().isAfter(dueTo.get())) {
			throw new InvalidInput("dueFrom", "must not be after dueTo");
		}
	}

	public TaskFilter(Optional<TaskStatus> status, Optional<UserId> assignee, Optional<String> titleWords) {
		this(status, assignee, titleWords, Optional.empty(), Optional.empty(), Optional.empty(), TaskOrder.NEWEST,
				Optional.empty(), Optional.empty(), Optional.empty());
	}

	/**
	 * A filter from an API's parameters as given (null where absent), each refused with a
	 * 400 that names it; {@code orderField} is what that API calls the order
	 * ({@code sort}, {@code orderBy}).
	 */
	public static TaskFilter parse(@Nullable String status, Optional<UserId> assignee, @Nullable String search,
			@Nullable String priority, @Nullable String dueFrom, @Nullable String dueTo, String orderField,
			@Nullable String order) {
		return new TaskFilter(Optional.ofNullable(status).map(s -> TaskStatus.parse("status", s)), assignee,
				Optional.ofNullable(search), Optional.ofNullable(priority).map(p -> TaskPriority.parse("priority", p)),
				Optional.ofNullable(dueFrom).map(d -> Inputs.date("dueFrom", d)),
				Optional.ofNullable(dueTo).map(d -> Inputs.date("dueTo", d)),
				order == null ? TaskOrder.NEWEST : TaskOrder.parse(orderField, order), Optional.empty(),
				Optional.empty(), Optional.empty());
	}

	/**
	 * This filter narrowed to a milestone and/or a label (ids as given, null where
	 * absent).
	 */
	public TaskFilter planned(String milestoneField, @Nullable String milestone, String labelField,
			@Nullable String label) {
		return new TaskFilter(status, assignee, titleWords, priority, dueFrom, dueTo, order,
				Optional.ofNullable(milestone).map(m -> Inputs.uuid(milestoneField, m)),
				Optional.ofNullable(label).map(l -> Inputs.uuid(labelField, l)), sprint);
	}

	/**
	 * This filter narrowed to a sprint's tasks ({@code sprint}: its id) or the backlog
	 * ({@code backlog}).
	 */
	public TaskFilter inSprint(String field, @Nullable String sprint) {
		Optional<SprintScope> scope = Optional.ofNullable(sprint)
			.map(s -> new SprintScope("backlog".equals(s) ? Optional.empty() : Optional.of(Inputs.uuid(field, s))));
		return new TaskFilter(status, assignee, titleWords, priority, dueFrom, dueTo, order, milestone, label, scope);
	}

	public TaskFilter(Optional<TaskStatus> status, Optional<UserId> assignee) {
		this(status, assignee, Optional.empty());
	}

}
