package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A project's statuses, in order, and the transitions allowed between them (or an
 * organization's default, copied into each new project). The first status is where a new
 * task starts. A transition may be limited to project roles; without roles whoever may
 * update the task takes it. {@code revision} counts the changes: what a client names to
 * save what it read.
 */
public record Workflow(OrgId org, Optional<ProjectId> project, int revision, List<Status> statuses,
		List<Transition> transitions) {

	/** What a status means for progress and boards, whatever its name. */
	public enum Category {

		TODO, IN_PROGRESS, DONE;

		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Category parse(String field, String value) {
			for (Category category : values()) {
				if (category.wireName().equals(value)) {
					return category;
				}
			}
			throw new InvalidInput(field, "must be one of todo, in_progress, done");
		}

	}

	public record Status(String key, String name, String colour, Category category) {
	}

	/** {@code roles}: the names of the project roles that may take it; empty: anyone. */
	public record Transition(String from, String to, List<String> roles) {
	}

	public Optional<Status> status(String key) {
		return statuses.stream().filter(s -> s.key().equals(key)).findFirst();
	}

	public Status initial() {
		return statuses.get(0);
	}

	public List<Transition> from(String key) {
		return transitions.stream().filter(t -> t.from().equals(key)).toList();
	}

}
