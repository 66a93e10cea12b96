package dev.rampart.work;

import dev.rampart.shared.ProblemDetails;
import dev.rampart.shared.RampartException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A status change the project's workflow does not allow the actor: no transition from the
 * task's status to the one asked for, or one limited to project roles the actor does not
 * hold. Names the statuses the actor could move the task to instead.
 */
public final class TransitionRefused extends RampartException implements ProblemDetails {

	private static final long serialVersionUID = 1L;

	private final transient Map<String, Object> details;

	TransitionRefused(Workflow.Status from, Workflow.Status to, boolean limitedToRoles, List<Workflow.Status> allowed) {
		super(Category.CONFLICT,
				(limitedToRoles
						? "moving a task from " + from.name() + " to " + to.name()
								+ " is limited to roles you do not hold"
						: "the workflow has no transition from " + from.name() + " to " + to.name())
						+ (allowed.isEmpty() ? "; you cannot move it from " + from.name() + " at all"
								: "; allowed from " + from.name() + ": "
										+ String.join(", ", allowed.stream().map(Workflow.Status::name).toList())));
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("from", from.key());
		values.put("to", to.key());
		values.put("allowedTransitions",
				allowed.stream().map(s -> Map.of("from", from.key(), "to", s.key(), "name", s.name())).toList());
		this.details = Map.copyOf(values);
	}

	@Override
	public Map<String, Object> details() {
		return details;
	}

}
