package dev.rampart.work;

import dev.rampart.shared.FieldProblem;
import dev.rampart.shared.InvalidDocument;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.TextFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The content of one version of a process template, as its JSON document spells it
 * (format {@value #FORMAT}, schema {@code /api/v1/schemas/process-template-v1.json}):
 * phases of steps. Read only from a document the schema accepted
 * ({@link TemplateSchema}), then checked for what a schema cannot say: unique step keys,
 * dependencies on steps that exist, no cycle, the configured limits. Every problem is
 * named by its JSON Pointer.
 */
public record TemplateDocument(String name, String description, List<Phase> phases) {

	public static final String FORMAT = "rampart.process-template/1";

	public static final String SCHEMA_URL = "/api/v1/schemas/process-template-v1.json";

	public TemplateDocument {
		phases = List.copyOf(phases);
	}

	/** A phase: it becomes a milestone of the project, due when its last step is. */
	public record Phase(String name, List<Step> steps) {

		public Phase {
			steps = List.copyOf(steps);
		}

	}

	/** Where a step's due date counts its working days from. */
	public enum DueAfter {

		PROJECT_START("projectStart"), DEPENDENCIES("dependencies");

		private final String wireName;

		DueAfter(String wireName) {
			this.wireName = wireName;
		}

		public String wireName() {
			return wireName;
		}

		static DueAfter of(String wireName) {
			for (DueAfter after : values()) {
				if (after.wireName.equals(wireName)) {
					return after;
				}
			}
			throw new InvalidInput("after", "must be projectStart or dependencies");
		}

	}

	/** When a step is due: {@code workingDays} (Monday to Friday) after its anchor. */
	public record Due(int workingDays, DueAfter after) {
	}

	/** A step: it becomes a task with its checklist, dependencies and due date. */
	public record Step(String key, String title, String instructions, List<String> checklist, Optional<String> role,
			Optional<Integer> estimateMinutes, Optional<Due> due, List<String> dependsOn) {

		public Step {
			checklist = List.copyOf(checklist);
			dependsOn = List.copyOf(dependsOn);
		}

	}

	/** The limits a document is checked against (configuration). */
	record Limits(int maxSteps, int maxDependencies, int maxChecklistItems) {
	}

	public int stepCount() {
		return phases.stream().mapToInt(p -> p.steps().size()).sum();
	}

	public int dependencyCount() {
		return phases.stream().flatMap(p -> p.steps().stream()).mapToInt(s -> s.dependsOn().size()).sum();
	}

	/** The steps in an order where every step comes after the steps it depends on. */
	public List<Step> stepsInDependencyOrder() {
		Map<String, Step> byKey = new LinkedHashMap<>();
		phases.forEach(p -> p.steps().forEach(s -> byKey.put(s.key(), s)));
		List<Step> ordered = new ArrayList<>(byKey.size());
		Map<String, Boolean> placed = new HashMap<>();
		for (Step step : byKey.values()) {
			place(step, byKey, placed, ordered);
		}
		return ordered;
	}

	private static void place(Step root, Map<String, Step> byKey, Map<String, Boolean> placed, List<Step> ordered) {
		// Iterative depth-first: a 500-step chain must not exhaust the stack.
		Deque<Step> stack = new ArrayDeque<>();
		Deque<Integer> next = new ArrayDeque<>();
		if (placed.containsKey(root.key())) {
			return;
		}
		stack.push(root);
		next.push(0);
		placed.put(root.key(), false);
		while (!stack.isEmpty()) {
			Step step = stack.peek();
			int i = next.pop();
			if (i < step.dependsOn().size()) {
				next.push(i + 1);
				Step dependency = byKey.get(step.dependsOn().get(i));
				if (dependency != null && !placed.containsKey(dependency.key())) {
					placed.put(dependency.key(), false);
					stack.push(dependency);
					next.push(0);
				}
			}
			else {
				stack.pop();
				placed.put(step.key(), true);
				ordered.add(step);
			}
		}
	}

	/**
	 * Reads a document the schema accepted and checks the rest; throws
	 * {@link InvalidDocument} naming every problem.
	 */
	static TemplateDocument read(JsonNode root, Limits limits) {
		List<FieldProblem.Item> problems = new ArrayList<>();
		String name = checked(problems, "/name", () -> TextFields.name("name", root.get("name").asString(), 200));
		String description = checked(problems, "/description",
				() -> TextFields.text("description", text(root, "description"), 10_000));
		List<Phase> phases = new ArrayList<>();
		Map<String, String> keyPaths = new HashMap<>();
		JsonNode phaseNodes = root.get("phases");
		for (int p = 0; p < phaseNodes.size(); p++) {
			JsonNode phase = phaseNodes.get(p);
			String at = "/phases/" + p;
			String phaseName = checked(problems, at + "/name",
					() -> TextFields.name("name", phase.get("name").asString(), 200));
			List<Step> steps = new ArrayList<>();
			JsonNode stepNodes = phase.get("steps");
			for (int s = 0; s < stepNodes.size(); s++) {
				steps.add(step(stepNodes.get(s), at + "/steps/" + s, limits, keyPaths, problems));
			}
			phases.add(new Phase(phaseName, steps));
		}
		TemplateDocument document = new TemplateDocument(name, description, phases);
		if (document.stepCount() > limits.maxSteps()) {
			problems.add(new FieldProblem.Item("/phases", "has " + document.stepCount() + " steps; a template may have "
					+ limits.maxSteps() + " (rampart.templates.max-steps)"));
		}
		if (document.dependencyCount() > limits.maxDependencies()) {
			problems.add(new FieldProblem.Item("/phases",
					"has " + document.dependencyCount() + " dependencies; a template may have "
							+ limits.maxDependencies() + " (rampart.templates.max-dependencies)"));
		}
		checkDependencies(document, problems);
		if (!problems.isEmpty()) {
			throw new InvalidDocument(problems);
		}
		return document;
	}

	private static Step step(JsonNode step, String at, Limits limits, Map<String, String> keyPaths,
			List<FieldProblem.Item> problems) {
		String key = step.get("key").asString();
		String earlier = keyPaths.putIfAbsent(key, at);
		if (earlier != null) {
			problems.add(new FieldProblem.Item(at + "/key", "repeats the key of the step at " + earlier));
		}
		String title = checked(problems, at + "/title",
				() -> TextFields.name("title", step.get("title").asString(), Tasks.TITLE_MAX));
		String instructions = checked(problems, at + "/instructions",
				() -> TextFields.text("instructions", text(step, "instructions"), Tasks.DESCRIPTION_MAX));
		List<String> checklist = new ArrayList<>();
		JsonNode items = step.path("checklist");
		if (items.size() > limits.maxChecklistItems()) {
			problems.add(new FieldProblem.Item(at + "/checklist", "has " + items.size() + " items; a task may have "
					+ limits.maxChecklistItems() + " (rampart.checklists.max-items-per-task)"));
		}
		for (int i = 0; i < items.size(); i++) {
			JsonNode item = items.get(i);
			checklist.add(checked(problems, at + "/checklist/" + i,
					() -> TextFields.name("text", item.asString(), Checklists.TEXT_MAX)));
		}
		Optional<String> role = Optional.ofNullable(step.get("role")).map(JsonNode::asString).map(String::strip);
		Optional<Integer> estimate = Optional.ofNullable(step.get("estimateMinutes")).map(JsonNode::asInt);
		Optional<Due> due = Optional.ofNullable(step.get("due"))
			.map(d -> new Due(d.get("workingDays").asInt(),
					DueAfter.of(d.has("after") ? d.get("after").asString() : DueAfter.PROJECT_START.wireName())));
		List<String> dependsOn = new ArrayList<>();
		step.path("dependsOn").forEach(k -> dependsOn.add(k.asString()));
		if (due.isPresent() && due.get().after() == DueAfter.DEPENDENCIES && dependsOn.isEmpty()) {
			problems.add(new FieldProblem.Item(at + "/due/after",
					"is dependencies, but the step depends on none (dependsOn is empty)"));
		}
		return new Step(key, title, instructions, checklist, role, estimate, due, dependsOn);
	}

	/**
	 * Every dependency names another step of the template, and none closes a cycle (the
	 * cycle is named step by step).
	 */
	private static void checkDependencies(TemplateDocument document, List<FieldProblem.Item> problems) {
		Map<String, Step> byKey = new HashMap<>();
		Map<String, String> paths = new HashMap<>();
		for (int p = 0; p < document.phases().size(); p++) {
			List<Step> steps = document.phases().get(p).steps();
			for (int s = 0; s < steps.size(); s++) {
				byKey.putIfAbsent(steps.get(s).key(), steps.get(s));
				paths.putIfAbsent(steps.get(s).key(), "/phases/" + p + "/steps/" + s);
			}
		}
		boolean unresolved = false;
		for (Step step : byKey.values()) {
			for (int d = 0; d < step.dependsOn().size(); d++) {
				String target = step.dependsOn().get(d);
				String at = paths.get(step.key()) + "/dependsOn/" + d;
				if (target.equals(step.key())) {
					problems.add(new FieldProblem.Item(at, "a step cannot depend on itself"));
					unresolved = true;
				}
				else if (!byKey.containsKey(target)) {
					problems.add(new FieldProblem.Item(at, "names no step of this template: " + target));
					unresolved = true;
				}
			}
		}
		if (!unresolved) {
			findCycle(byKey).ifPresent(cycle -> {
				String last = cycle.get(cycle.size() - 2);
				int index = byKey.get(last).dependsOn().indexOf(cycle.get(cycle.size() - 1));
				problems.add(new FieldProblem.Item(paths.get(last) + "/dependsOn/" + index,
						"closes a cycle: " + String.join(" depends on ", cycle)));
			});
		}
	}

	/**
	 * A cycle as the keys along it, the first repeated at the end; iterative three-colour
	 * depth-first search.
	 */
	private static Optional<List<String>> findCycle(Map<String, Step> byKey) {
		Map<String, Integer> colour = new HashMap<>();
		for (String start : byKey.keySet().stream().sorted().toList()) {
			if (colour.containsKey(start)) {
				continue;
			}
			Deque<String> path = new ArrayDeque<>();
			Deque<Integer> next = new ArrayDeque<>();
			path.addLast(start);
			next.addLast(0);
			colour.put(start, 1);
			while (!path.isEmpty()) {
				String key = path.peekLast();
				int i = next.removeLast();
				List<String> deps = byKey.get(key).dependsOn();
				if (i == deps.size()) {
					colour.put(key, 2);
					path.removeLast();
					continue;
				}
				next.addLast(i + 1);
				String dep = deps.get(i);
				Integer seen = colour.get(dep);
				if (seen == null) {
					colour.put(dep, 1);
					path.addLast(dep);
					next.addLast(0);
				}
				else if (seen == 1) {
					List<String> onPath = new ArrayList<>(path);
					List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(dep), onPath.size()));
					cycle.add(dep);
					return Optional.of(cycle);
				}
			}
		}
		return Optional.empty();
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null ? "" : value.asString();
	}

	private static String checked(List<FieldProblem.Item> problems, String at, Supplier<String> check) {
		try {
			return check.get();
		}
		catch (InvalidInput invalid) {
			problems.add(new FieldProblem.Item(at, invalid.reason()));
			return "";
		}
	}

	/**
	 * What changed since {@code previous}, without any content (for the activity log):
	 * which top-level fields, and how many steps were added, changed or removed (by key).
	 */
	public String changesFrom(TemplateDocument previous) {
		List<String> changed = new ArrayList<>();
		if (!name.equals(previous.name)) {
			changed.add("name");
		}
		if (!description.equals(previous.description)) {
			changed.add("description");
		}
		if (!phases.stream().map(Phase::name).toList().equals(previous.phases.stream().map(Phase::name).toList())) {
			changed.add("phases");
		}
		Map<String, Step> before = new HashMap<>();
		previous.phases.forEach(p -> p.steps().forEach(step -> before.put(step.key(), step)));
		Map<String, Step> after = new HashMap<>();
		phases.forEach(p -> p.steps().forEach(step -> after.put(step.key(), step)));
		long added = after.keySet().stream().filter(key -> !before.containsKey(key)).count();
		long removed = before.keySet().stream().filter(key -> !after.containsKey(key)).count();
		long edited = after.entrySet()
			.stream()
			.filter(e -> before.containsKey(e.getKey()) && !before.get(e.getKey()).equals(e.getValue()))
			.count();
		List<String> stepKeys = phases.stream().flatMap(p -> p.steps().stream()).map(Step::key).toList();
		List<String> previousKeys = previous.phases.stream().flatMap(p -> p.steps().stream()).map(Step::key).toList();
		if (added + removed + edited == 0 && !stepKeys.equals(previousKeys)) {
			changed.add("step order");
		}
		if (added > 0) {
			changed.add(added + (added == 1 ? " step" : " steps") + " added");
		}
		if (edited > 0) {
			changed.add(edited + (edited == 1 ? " step" : " steps") + " changed");
		}
		if (removed > 0) {
			changed.add(removed + (removed == 1 ? " step" : " steps") + " removed");
		}
		return changed.isEmpty() ? "nothing changed" : String.join(", ", changed);
	}

	/**
	 * The document as JSON, in the schema's format: what is sealed, exported and shown.
	 */
	public ObjectNode toJson() {
		JsonNodeFactory json = JsonNodeFactory.instance;
		ObjectNode root = json.objectNode();
		root.put("$schema", SCHEMA_URL);
		root.put("format", FORMAT);
		root.put("name", name);
		if (!description.isEmpty()) {
			root.put("description", description);
		}
		ArrayNode phaseNodes = root.putArray("phases");
		for (Phase phase : phases) {
			ObjectNode p = phaseNodes.addObject();
			p.put("name", phase.name());
			ArrayNode stepNodes = p.putArray("steps");
			for (Step step : phase.steps()) {
				ObjectNode s = stepNodes.addObject();
				s.put("key", step.key());
				s.put("title", step.title());
				if (!step.instructions().isEmpty()) {
					s.put("instructions", step.instructions());
				}
				if (!step.checklist().isEmpty()) {
					ArrayNode items = s.putArray("checklist");
					step.checklist().forEach(items::add);
				}
				step.role().ifPresent(r -> s.put("role", r));
				step.estimateMinutes().ifPresent(e -> s.put("estimateMinutes", e));
				step.due().ifPresent(d -> {
					ObjectNode due = s.putObject("due");
					due.put("workingDays", d.workingDays());
					due.put("after", d.after().wireName());
				});
				if (!step.dependsOn().isEmpty()) {
					ArrayNode deps = s.putArray("dependsOn");
					step.dependsOn().forEach(deps::add);
				}
			}
		}
		return root;
	}

}
