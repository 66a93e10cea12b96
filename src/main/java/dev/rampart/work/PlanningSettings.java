package dev.rampart.work;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.planning.*}: how many labels one task may carry
 * ({@code max-labels-per-task}, default 20), how many labels an organization may define
 * ({@code max-labels-per-organization}, default 500) and how many milestones a project
 * may have ({@code max-milestones-per-project}, default 500) and how many statuses a
 * workflow may have ({@code max-workflow-statuses}, default 30; its transitions are
 * bounded by the pairs of them).
 */
@ConfigurationProperties("rampart.planning")
record PlanningSettings(@DefaultValue("20") int maxLabelsPerTask, @DefaultValue("500") int maxLabelsPerOrganization,
		@DefaultValue("500") int maxMilestonesPerProject, @DefaultValue("30") int maxWorkflowStatuses,
		@DefaultValue("500") int maxSprintsPerProject) {

	PlanningSettings {
		require("max-labels-per-task", maxLabelsPerTask, 100);
		require("max-labels-per-organization", maxLabelsPerOrganization, 10_000);
		require("max-milestones-per-project", maxMilestonesPerProject, 10_000);
		require("max-workflow-statuses", maxWorkflowStatuses, 200);
		require("max-sprints-per-project", maxSprintsPerProject, 10_000);
	}

	private static void require(String name, int value, int max) {
		if (value < 1 || value > max) {
			throw new IllegalArgumentException("rampart.planning." + name + " must be between 1 and " + max);
		}
	}

}
