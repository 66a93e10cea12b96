package dev.rampart.work;

import dev.rampart.shared.FieldProblem;
import dev.rampart.shared.InvalidDocument;
import dev.rampart.shared.InvalidInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A whole workflow as a client wants it (REST body or GraphQL input): its statuses in
 * order, the transitions between them, and for each status removed that tasks still have,
 * the status they move to. Read whole, so every problem is named at once by its JSON
 * Pointer ({@code /statuses/2/colour}).
 */
public record WorkflowChange(List<Workflow.Status> statuses, List<Workflow.Transition> transitions,
		Map<String, String> replacements) {

	public static final int NAME_MAX = 60;

	private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

	/**
	 * Reads and checks the input; what it names (roles, tasks) is checked when it is
	 * saved.
	 */
	public static WorkflowChange parse(@Nullable Map<String, ?> input, int maxStatuses) {
		List<FieldProblem.Item> problems = new ArrayList<>();
		if (input == null) {
			throw new InvalidInput("body", "must be a workflow: statuses, transitions and replacements");
		}
		List<?> statusInput = list(input.get("statuses"), "/statuses", problems);
		List<Workflow.Status> statuses = new ArrayList<>();
		Set<String> keys = new HashSet<>();
		Set<String> names = new HashSet<>();
		if (statusInput != null && statusInput.isEmpty()) {
			problems.add(new FieldProblem.Item("/statuses", "must name at least one status"));
		}
		if (statusInput != null && statusInput.size() > maxStatuses) {
			problems.add(new FieldProblem.Item("/statuses", "may name at most " + maxStatuses + " statuses"));
		}
		for (int i = 0; statusInput != null && i < statusInput.size() && i < maxStatuses; i++) {
			String at = "/statuses/" + i;
			Map<?, ?> status = object(statusInput.get(i), at, problems);
			if (status == null) {
				continue;
			}
			String key = text(status.get("key"), at + "/key", problems);
			if (key != null && !TaskStatus.KEY.matcher(key).matches()) {
				problems.add(new FieldProblem.Item(at + "/key", TaskStatus.KEY_RULE));
				key = null;
			}
			if (key != null && !keys.add(key)) {
				problems.add(new FieldProblem.Item(at + "/key", "is the key of an earlier status"));
			}
			String name = text(status.get("name"), at + "/name", problems);
			if (name != null) {
				name = name.strip();
				if (name.isEmpty() || name.length() > NAME_MAX || name.chars().anyMatch(Character::isISOControl)) {
					problems.add(new FieldProblem.Item(at + "/name",
							"must be 1 to " + NAME_MAX + " characters without control characters"));
					name = null;
				}
				else if (!names.add(name.toLowerCase(Locale.ROOT))) {
					problems.add(new FieldProblem.Item(at + "/name", "is the name of an earlier status"));
				}
			}
			String colour = text(status.get("colour"), at + "/colour", problems);
			if (colour != null && !COLOUR.matcher(colour).matches()) {
				problems.add(new FieldProblem.Item(at + "/colour", "must be a colour like #1a7f37"));
				colour = null;
			}
			String category = text(status.get("category"), at + "/category", problems);
			Workflow.Category parsed = null;
			if (category != null) {
				try {
					parsed = Workflow.Category.parse(at + "/category", category);
				}
				catch (InvalidInput wrong) {
					problems.add(new FieldProblem.Item(at + "/category", wrong.reason()));
				}
			}
			if (key != null && name != null && colour != null && parsed != null) {
				statuses.add(new Workflow.Status(key, name, colour.toLowerCase(Locale.ROOT), parsed));
			}
		}
		List<?> transitionInput = list(input.get("transitions"), "/transitions", problems);
		List<Workflow.Transition> transitions = new ArrayList<>();
		Set<String> pairs = new HashSet<>();
		int maxTransitions = maxStatuses * (maxStatuses - 1);
		if (transitionInput != null && transitionInput.size() > maxTransitions) {
			problems.add(new FieldProblem.Item("/transitions", "may name at most " + maxTransitions + " transitions"));
		}
		for (int i = 0; transitionInput != null && i < transitionInput.size() && i < maxTransitions; i++) {
			String at = "/transitions/" + i;
			Map<?, ?> transition = object(transitionInput.get(i), at, problems);
			if (transition == null) {
				continue;
			}
			String from = statusKey(transition.get("from"), at + "/from", keys, problems);
			String to = statusKey(transition.get("to"), at + "/to", keys, problems);
			if (from != null && from.equals(to)) {
				problems.add(new FieldProblem.Item(at + "/to", "must be another status than from"));
				continue;
			}
			if (from != null && to != null && !pairs.add(from + "\n" + to)) {
				problems.add(new FieldProblem.Item(at, "repeats an earlier transition"));
				continue;
			}
			List<String> roles = new ArrayList<>();
			Object roleInput = transition.get("roles");
			if (roleInput != null) {
				List<?> given = list(roleInput, at + "/roles", problems);
				for (int r = 0; given != null && r < given.size() && r < 50; r++) {
					String role = text(given.get(r), at + "/roles/" + r, problems);
					if (role != null && !role.isBlank() && !roles.contains(role.strip())) {
						roles.add(role.strip());
					}
				}
			}
			if (from != null && to != null) {
				transitions.add(new Workflow.Transition(from, to, List.copyOf(roles)));
			}
		}
		Map<String, String> replacements = new LinkedHashMap<>();
		Object replacementInput = input.get("replacements");
		if (replacementInput != null) {
			List<?> given = list(replacementInput, "/replacements", problems);
			for (int i = 0; given != null && i < given.size() && i < 200; i++) {
				String at = "/replacements/" + i;
				Map<?, ?> replacement = object(given.get(i), at, problems);
				if (replacement == null) {
					continue;
				}
				String status = text(replacement.get("status"), at + "/status", problems);
				if (status != null && keys.contains(status)) {
					problems.add(new FieldProblem.Item(at + "/status", "is still a status of the workflow"));
					status = null;
				}
				String with = statusKey(replacement.get("replacement"), at + "/replacement", keys, problems);
				if (status != null && with != null && replacements.put(status, with) != null) {
					problems.add(new FieldProblem.Item(at + "/status", "is replaced twice"));
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidDocument(problems.size() > 50 ? problems.subList(0, 50) : problems);
		}
		return new WorkflowChange(List.copyOf(statuses), List.copyOf(transitions), Map.copyOf(replacements));
	}

	private static @Nullable String statusKey(@Nullable Object value, String at, Set<String> keys,
			List<FieldProblem.Item> problems) {
		String key = text(value, at, problems);
		if (key != null && !keys.contains(key)) {
			problems.add(new FieldProblem.Item(at, "must be the key of a status of the workflow"));
			return null;
		}
		return key;
	}

	private static @Nullable List<?> list(@Nullable Object value, String at, List<FieldProblem.Item> problems) {
		if (value instanceof List<?> list) {
			return list;
		}
		problems.add(new FieldProblem.Item(at, "must be a list"));
		return null;
	}

	private static @Nullable Map<?, ?> object(@Nullable Object value, String at, List<FieldProblem.Item> problems) {
		if (value instanceof Map<?, ?> map) {
			return map;
		}
		problems.add(new FieldProblem.Item(at, "must be an object"));
		return null;
	}

	private static @Nullable String text(@Nullable Object value, String at, List<FieldProblem.Item> problems) {
		if (value instanceof String text) {
			if (text.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
				problems.add(new FieldProblem.Item(at, dev.rampart.shared.TextFields.LONE_SURROGATE));
				return null;
			}
			return text;
		}
		problems.add(new FieldProblem.Item(at, value == null ? "is required" : "must be a string"));
		return null;
	}

}
