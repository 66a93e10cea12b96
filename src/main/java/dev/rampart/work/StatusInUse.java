package dev.rampart.work;

import dev.rampart.shared.ProblemDetails;
import dev.rampart.shared.RampartException;
import java.util.List;
import java.util.Map;

/**
 * A workflow change removes statuses that tasks still have without naming where those
 * tasks go: each such status with its number of tasks.
 */
public final class StatusInUse extends RampartException implements ProblemDetails {

	private static final long serialVersionUID = 1L;

	private final transient List<Map<String, Object>> statuses;

	StatusInUse(List<Map<String, Object>> statuses) {
		super(Category.CONFLICT,
				"tasks still have "
						+ String.join(", ",
								statuses.stream().map(s -> s.get("name") + " (" + s.get("tasks") + ")").toList())
						+ ": name a replacement status for each in replacements");
		this.statuses = List.copyOf(statuses);
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("statusesInUse", statuses);
	}

}
