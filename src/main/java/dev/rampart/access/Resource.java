package dev.rampart.access;

import dev.rampart.shared.CommentId;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.util.Optional;
import java.util.UUID;

/** What an action is done to, with the ancestry and attributes the decision needs. */
public sealed interface Resource {

	OrgId org();

	/** The resource's own id. */
	UUID id();

	/**
	 * The name clients know this kind of resource by ("task"), as "not found" answers say
	 * it.
	 */
	String kind();

	/** An organization itself. */
	record Org(OrgId org) implements Resource {

		@Override
		public UUID id() {
			return org.value();
		}

		@Override
		public String kind() {
			return "organization";
		}

	}

	/** A project. */
	record Project(OrgId org, ProjectId project) implements Resource {

		@Override
		public UUID id() {
			return project.value();
		}

		@Override
		public String kind() {
			return "project";
		}

	}

	/** A task: its visibility, creator and assignee bear on who may see it. */
	record Task(OrgId org, ProjectId project, TaskId task, boolean restricted, UserId creator,
			Optional<UserId> assignee) implements Resource {

		public Project projectResource() {
			return new Project(org, project);
		}

		@Override
		public UUID id() {
			return task.value();
		}

		@Override
		public String kind() {
			return "task";
		}

	}

	/**
	 * A comment follows its task; its author may delete it while still allowed to
	 * comment.
	 */
	record Comment(Task task, CommentId comment, UserId author) implements Resource {

		@Override
		public OrgId org() {
			return task.org();
		}

		@Override
		public UUID id() {
			return comment.value();
		}

		@Override
		public String kind() {
			return "comment";
		}

	}

}
