package dev.rampart.work;

import dev.rampart.shared.Inputs;
import dev.rampart.shared.InvalidInput;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The planning fields of a new task: when work starts, how long it should take (minutes),
 * its milestone and its labels.
 */
public record TaskPlan(Optional<LocalDate> startDate, Optional<Integer> estimateMinutes, Optional<UUID> milestone,
		List<UUID> labels) {

	/** At most a year of working time (10 years of minutes would be a typo). */
	public static final int ESTIMATE_MAX_MINUTES = 5_256_000;

	public static final TaskPlan NONE = new TaskPlan(Optional.empty(), Optional.empty(), Optional.empty(), List.of());

	/** Reads the planning fields from client values (REST or GraphQL). */
	public static TaskPlan parse(@Nullable String startDate, @Nullable Object estimateMinutes,
			@Nullable String milestoneId, @Nullable Object labelIds) {
		return new TaskPlan(Optional.ofNullable(startDate).map(d -> Inputs.date("startDate", d)),
				Optional.ofNullable(estimateMinutes).map(TaskPlan::estimate),
				Optional.ofNullable(milestoneId).map(m -> Inputs.uuid("milestoneId", m)),
				labelIds == null ? List.of() : labelIds(labelIds));
	}

	static int estimate(Object value) {
		if (!(value instanceof Integer || value instanceof Long || value instanceof Short)) {
			throw new InvalidInput("estimateMinutes", "must be a whole number of minutes");
		}
		long minutes = ((Number) value).longValue();
		if (minutes < 0 || minutes > ESTIMATE_MAX_MINUTES) {
			throw new InvalidInput("estimateMinutes", "must be between 0 and " + ESTIMATE_MAX_MINUTES);
		}
		return (int) minutes;
	}

	/** Story points: a whole number from 0 to 1,000. */
	static int storyPoints(Object value) {
		if (!(value instanceof Integer || value instanceof Long || value instanceof Short)) {
			throw new InvalidInput("storyPoints", "must be a whole number");
		}
		long points = ((Number) value).longValue();
		if (points < 0 || points > 1_000) {
			throw new InvalidInput("storyPoints", "must be between 0 and 1000");
		}
		return (int) points;
	}

	static List<UUID> labelIds(Object value) {
		if (!(value instanceof List<?> list)) {
			throw new InvalidInput("labelIds", "must be a list of label ids");
		}
		return list.stream().map(id -> {
			if (!(id instanceof String text)) {
				throw new InvalidInput("labelIds", "must be a list of label ids");
			}
			return Inputs.uuid("labelIds", text);
		}).distinct().toList();
	}

}
