package dev.rampart.access;

import java.util.Arrays;
import java.util.Optional;

/** A named action on a resource, as the access table and the explain output spell it. */
public enum Permission {

	ORG_READ("org.read"), ORG_UPDATE("org.update"), ORG_DELETE("org.delete"), ORG_READ_MEMBERS("org.read_members"),
	ORG_MANAGE_MEMBERS("org.manage_members"), PROJECT_CREATE("project.create"), PROJECT_READ("project.read"),
	PROJECT_UPDATE("project.update"), PROJECT_DELETE("project.delete"), PROJECT_READ_MEMBERS("project.read_members"),
	PROJECT_MANAGE_MEMBERS("project.manage_members"), TASK_CREATE("task.create"), TASK_READ("task.read"),
	TASK_UPDATE("task.update"), TASK_DELETE("task.delete"), TASK_COMMENT("task.comment"),
	COMMENT_DELETE("comment.delete");

	private final String action;

	Permission(String action) {
		this.action = action;
	}

	public String action() {
		return action;
	}

	public static Optional<Permission> ofAction(String action) {
		return Arrays.stream(values()).filter(p -> p.action.equals(action)).findFirst();
	}

}
