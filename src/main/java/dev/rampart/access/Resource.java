package dev.rampart.access;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.UserId;
import java.util.Optional;

/** What an action is done to, with the ancestry the decision needs. */
public sealed interface Resource {

	OrgId org();

	/** The project whose roles apply, if any. */
	default Optional<ProjectId> projectScope() {
		return this instanceof Project p ? Optional.of(p.project())
				: this instanceof Comment c ? Optional.of(c.project()) : Optional.empty();
	}

	/** An organization itself. */
	record Org(OrgId org) implements Resource {
	}

	/** A project, or anything inside it (tasks, comments) that follows its rules. */
	record Project(OrgId org, ProjectId project) implements Resource {
	}

	/** A comment, whose author may delete it without further rights. */
	record Comment(OrgId org, ProjectId project, UserId author) implements Resource {
	}

}
