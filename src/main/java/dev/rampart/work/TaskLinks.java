package dev.rampart.work;

import java.util.List;

/**
 * A task's dependencies as its reader may see them: the tasks that block it (to be done
 * first) and those it blocks. A dependency on a task the reader cannot see is left out.
 */
public record TaskLinks(List<Task> blockedBy, List<Task> blocks) {

	static final TaskLinks NONE = new TaskLinks(List.of(), List.of());

}
