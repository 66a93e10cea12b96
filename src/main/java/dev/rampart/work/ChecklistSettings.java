package dev.rampart.work;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.checklists.*}: how many items one task's checklist may hold
 * ({@code max-items-per-task}, default 200; a process step's checklist is read by people,
 * not machines).
 */
@ConfigurationProperties("rampart.checklists")
record ChecklistSettings(@DefaultValue("200") int maxItemsPerTask) {

	ChecklistSettings {
		if (maxItemsPerTask < 1 || maxItemsPerTask > 10_000) {
			throw new IllegalArgumentException("rampart.checklists.max-items-per-task must be between 1 and 10000");
		}
	}

}
