package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORG_MEMBERS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.ProjectRole;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.CommentsRecord;
import dev.rampart.db.schema.tables.records.TasksRecord;
import dev.rampart.identity.AccountDirectory;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.CommentId;
import dev.rampart.shared.Csv;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * A new project from another tracker's CSV export (Jira's or Redmine's issue list): each
 * row a task, statuses mapped onto the organization's workflow (by name, else by what
 * they mean), priorities onto Rampart's, assignees found by email among the
 * organization's members (and added to the project as contributors), comments kept with
 * who wrote them and when. A dry run reads everything and reports what would happen,
 * writing nothing; an import writes the project and every task in one transaction, so it
 * happens whole or not at all. Rows that cannot become a task are reported and left out.
 */
@Service
@EnableConfigurationProperties(ImportSettings.class)
public class ProjectImports {

	/** Where the file comes from. */
	public enum Source {

		JIRA, REDMINE;

		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Source parse(String field, String value) {
			for (Source source : values()) {
				if (source.wireName().equals(value.toLowerCase(Locale.ROOT))) {
					return source;
				}
			}
			throw new InvalidInput(field, "must be jira or redmine");
		}

	}

	/**
	 * What a source value became ({@code to}: a status key or priority; {@code toName}:
	 * as people read it), and for how many rows.
	 */
	public record Mapping(String from, String to, String toName, int rows, boolean guessed) {
	}

	/** An assignee's address, whether it is a member's, and on how many rows. */
	public record Assignee(String email, boolean matched, int rows) {
	}

	/** A row (by its first line in the file) that was left out or changed, and why. */
	public record Problem(long line, String message, boolean skipped) {
	}

	/**
	 * What an import did, or (a dry run) would do.
	 *
	 * @param project the new project; empty for a dry run
	 */
	public record Report(String source, boolean dryRun, int rows, int tasks, int comments, List<Mapping> statuses,
			List<Mapping> priorities, List<Assignee> assignees, List<Problem> problems, Optional<Project> project) {
	}

	private static final int MAX_PROBLEMS = 200;

	private final Database db;

	private final AccessPolicy access;

	private final Projects projects;

	private final Tasks tasks;

	private final Comments comments;

	private final Workflows workflows;

	private final AccountDirectory directory;

	private final ImportSettings settings;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ProjectImports(Database db, AccessPolicy access, Projects projects, Tasks tasks, Comments comments,
			Workflows workflows, AccountDirectory directory, ImportSettings settings, ApplicationEventPublisher events,
			Clock clock) {
		this.db = db;
		this.access = access;
		this.projects = projects;
		this.tasks = tasks;
		this.comments = comments;
		this.workflows = workflows;
		this.directory = directory;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
	}

	public Report run(Actor actor, OrgId org, Source source, String projectName, Optional<String> key, Reader csv,
			boolean dryRun) {
		String name = TextFields.name("projectName", projectName, Projects.NAME_MAX);
		key.ifPresent(k -> ProjectKeys.valid("projectKey", k));
		access.require(actor, Permission.PROJECT_CREATE, org);
		Workflow workflow = workflows.organizationDefault(actor, org);
		Parsed parsed = parse(source, csv, workflow);
		if (dryRun) {
			Map<String, Optional<UserId>> people = db.read(DbContext.user(actor.userId()),
					sql -> people(sql, org, parsed.emails().keySet()));
			return report(source, true, parsed, people, Optional.empty());
		}
		if (parsed.tasks().isEmpty()) {
			throw new InvalidInput("file", "no row can become a task (see a dry run for why)");
		}
		Instant now = Clocks.now(clock);
		return db.write(DbContext.user(actor.userId()), sql -> {
			Map<String, Optional<UserId>> people = people(sql, org, parsed.emails().keySet());
			ProjectId project = ProjectId.random();
			Project created = projects.insert(sql, actor, org, project, name,
					"Imported from a " + (source == Source.JIRA ? "Jira" : "Redmine") + " CSV export", key,
					Optional.empty(), now);
			for (Optional<UserId> member : Set.copyOf(people.values())) {
				if (member.isPresent() && !member.get().equals(actor.userId())) {
					Projects.insertMember(sql, org, project, member.get(), ProjectRole.CONTRIBUTOR.id(), now);
				}
			}
			List<TasksRecord> taskRows = new ArrayList<>();
			List<CommentsRecord> commentRows = new ArrayList<>();
			for (int i = 0; i < parsed.tasks().size(); i++) {
				Row row = parsed.tasks().get(i);
				TaskId id = TaskId.random();
				UserId assignee = row.email() == null ? null
						: people.getOrDefault(row.email(), Optional.empty()).orElse(null);
				NewTask task = new NewTask(row.title(), row.description(), Optional.of(row.status()), row.priority(),
						TaskVisibility.PROJECT, Optional.empty(), Optional.ofNullable(row.due()),
						new TaskPlan(Optional.ofNullable(row.start()), Optional.ofNullable(row.estimateMinutes()),
								Optional.empty(), List.of()));
				// 10 µs apart, in the file's order: oldest first reads as the file did.
				Instant at = now.plus(10L * i, ChronoUnit.MICROS);
				taskRows.add(tasks.newRow(org, project, id, row.title(), Mentions.plain(row.description()), task,
						row.status(), assignee, i + 1, actor.userId(), at));
				for (int j = 0; j < row.comments().size(); j++) {
					// In the file's order too.
					commentRows.add(comments.newRow(org, project, id, CommentId.random(), actor.userId(),
							Mentions.plain(row.comments().get(j)), at.plus(j + 1L, ChronoUnit.MICROS)));
				}
			}
			ProjectsFromTemplates.insertAll(sql, taskRows);
			ProjectKeys.reserveNumbers(sql, project, taskRows.size());
			if (!commentRows.isEmpty()) {
				ProjectsFromTemplates.insertAll(sql, commentRows);
			}
			events.publishEvent(new WorkEvent.ProjectImported(org, project, source.wireName(), taskRows.size(),
					commentRows.size()));
			return report(source, false, parsed, people, Optional.of(created));
		});
	}

	/**
	 * Each address to the member it names, if it is a member's (checked as the caller).
	 */
	private Map<String, Optional<UserId>> people(DSLContext sql, OrgId org, Set<String> emails) {
		Map<String, Optional<UserId>> found = new HashMap<>();
		for (String email : emails) {
			Optional<UserId> user;
			try {
				user = directory.withEmail(sql, "assignee", email)
					.filter(u -> sql.fetchExists(ORG_MEMBERS,
							ORG_MEMBERS.ORG_ID.eq(org.value()).and(ORG_MEMBERS.USER_ID.eq(u.value()))));
			}
			catch (InvalidInput notAnAddress) {
				user = Optional.empty();
			}
			found.put(email, user);
		}
		return found;
	}

	private Report report(Source source, boolean dryRun, Parsed parsed, Map<String, Optional<UserId>> people,
			Optional<Project> project) {
		List<Assignee> assignees = parsed.emails()
			.entrySet()
			.stream()
			.map(e -> new Assignee(e.getKey(), people.getOrDefault(e.getKey(), Optional.empty()).isPresent(),
					e.getValue()))
			.toList();
		List<Problem> problems = new ArrayList<>(parsed.problems());
		for (Assignee assignee : assignees) {
			if (!assignee.matched() && problems.size() < MAX_PROBLEMS) {
				problems.add(new Problem(0, "no member of this organization has the address " + assignee.email()
						+ ": its " + assignee.rows() + " tasks stay unassigned", false));
			}
		}
		int commentCount = parsed.tasks().stream().mapToInt(r -> r.comments().size()).sum();
		return new Report(source.wireName(), dryRun, parsed.rows(), parsed.tasks().size(), commentCount,
				parsed.statuses().values().stream().toList(), parsed.priorities().values().stream().toList(), assignees,
				problems, project);
	}

	// ---------------------------------------------------------------- reading the file

	/** One row that becomes a task. */
	private record Row(String title, String description, TaskStatus status, TaskPriority priority,
			@Nullable String email, @Nullable LocalDate start, @Nullable LocalDate due,
			@Nullable Integer estimateMinutes, List<String> comments) {
	}

	private record Parsed(int rows, List<Row> tasks, Map<String, Mapping> statuses, Map<String, Mapping> priorities,
			Map<String, Integer> emails, List<Problem> problems) {
	}

	/** The columns each source names (any case), in the order they are tried. */
	private record Columns(List<String> title, List<String> description, List<String> status, List<String> priority,
			List<String> assigneeEmail, List<String> assignee, List<String> start, List<String> due,
			List<String> estimate, boolean estimateInSeconds, List<String> comments) {
	}

	private static final Columns JIRA_COLUMNS = new Columns(List.of("summary"), List.of("description"),
			List.of("status"), List.of("priority"), List.of("assignee email", "assignee e-mail"), List.of("assignee"),
			List.of("start date"), List.of("due date", "due"), List.of("original estimate"), true,
			List.of("comment", "comment body"));

	private static final Columns REDMINE_COLUMNS = new Columns(List.of("subject"), List.of("description"),
			List.of("status"), List.of("priority"), List.of("assignee email", "assignee e-mail", "assigned to email"),
			List.of("assignee", "assigned to"), List.of("start date"), List.of("due date"),
			List.of("estimated time", "estimated hours"), false, List.of("last notes", "notes"));

	private Parsed parse(Source source, Reader csv, Workflow workflow) {
		Columns columns = source == Source.JIRA ? JIRA_COLUMNS : REDMINE_COLUMNS;
		Csv.RecordReader reader = new Csv.RecordReader(csv, settings.maxCell());
		List<String> header;
		try {
			header = reader.next()
				.orElseThrow(() -> new InvalidInput("file", "is empty"))
				.stream()
				.map(h -> h.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT))
				.toList();
		}
		catch (Csv.Malformed ex) {
			throw new InvalidInput("file", "line " + ex.line() + ": " + ex.getMessage());
		}
		int title = first(header, columns.title());
		if (title < 0) {
			throw new InvalidInput("file", "has no " + columns.title().get(0) + " column: is it a "
					+ (source == Source.JIRA ? "Jira" : "Redmine") + " CSV export?");
		}
		int description = first(header, columns.description());
		int status = first(header, columns.status());
		int priority = first(header, columns.priority());
		int email = first(header, columns.assigneeEmail());
		int assignee = first(header, columns.assignee());
		int start = first(header, columns.start());
		int due = first(header, columns.due());
		int estimate = first(header, columns.estimate());
		List<Integer> commentColumns = new ArrayList<>();
		for (int i = 0; i < header.size(); i++) {
			if (columns.comments().contains(header.get(i))) {
				commentColumns.add(i);
			}
		}
		List<Row> rows = new ArrayList<>();
		Map<String, Mapping> statuses = new TreeMap<>();
		Map<String, Mapping> priorities = new TreeMap<>();
		Map<String, Integer> emails = new LinkedHashMap<>();
		List<Problem> problems = new ArrayList<>();
		int count = 0;
		while (true) {
			Optional<List<String>> next;
			try {
				next = reader.next();
			}
			catch (Csv.Malformed ex) {
				throw new InvalidInput("file", "line " + ex.line() + ": " + ex.getMessage());
			}
			if (next.isEmpty()) {
				break;
			}
			List<String> cells = next.get();
			if (cells.size() == 1 && cells.get(0).isBlank()) {
				continue;
			}
			if (++count > settings.maxRows()) {
				throw new InvalidInput("file", "has more than " + settings.maxRows() + " rows");
			}
			long line = reader.line();
			String rowTitle = cell(cells, title).strip();
			if (rowTitle.isEmpty()) {
				problem(problems, line, "no " + columns.title().get(0) + ": left out", true);
				continue;
			}
			if (rowTitle.length() > Tasks.TITLE_MAX) {
				problem(problems, line, "the title is longer than " + Tasks.TITLE_MAX + " characters: shortened",
						false);
				rowTitle = rowTitle.substring(0, Tasks.TITLE_MAX);
			}
			String text = cell(cells, description);
			if (text.length() > Tasks.DESCRIPTION_MAX) {
				problem(problems, line,
						"the description is longer than " + Tasks.DESCRIPTION_MAX + " characters: shortened", false);
				text = text.substring(0, Tasks.DESCRIPTION_MAX);
			}
			String validTitle;
			String validText;
			try {
				validTitle = TextFields.name("title", rowTitle, Tasks.TITLE_MAX);
				validText = TextFields.text("description", text.replace("\r\n", "\n"), Tasks.DESCRIPTION_MAX);
			}
			catch (InvalidInput ex) {
				problem(problems, line, ex.getMessage() + ": left out", true);
				continue;
			}
			String from = cell(cells, status).strip();
			Mapping statusMapping = statusOf(from, workflow);
			statuses.merge(from, statusMapping,
					(a, b) -> new Mapping(a.from(), a.to(), a.toName(), a.rows() + 1, a.guessed()));
			String priorityFrom = cell(cells, priority).strip();
			TaskPriority mappedPriority = priorityOf(priorityFrom);
			priorities.merge(priorityFrom,
					new Mapping(priorityFrom, mappedPriority.wireName(), mappedPriority.wireName(), 1,
							!known(priorityFrom)),
					(a, b) -> new Mapping(a.from(), a.to(), a.toName(), a.rows() + 1, a.guessed()));
			String address = cell(cells, email).strip();
			if (address.isEmpty() && cell(cells, assignee).contains("@")) {
				address = cell(cells, assignee).strip();
			}
			String normalized = address.isEmpty() ? null : address.toLowerCase(Locale.ROOT);
			if (normalized != null) {
				emails.merge(normalized, 1, Integer::sum);
			}
			else if (!cell(cells, assignee).isBlank()) {
				problem(problems, line, "the assignee \"" + cell(cells, assignee).strip()
						+ "\" has no email address in the file: left unassigned", false);
			}
			LocalDate startDate = date(cells, start, line, "start date", problems);
			LocalDate dueDate = date(cells, due, line, "due date", problems);
			Integer minutes = estimate(cell(cells, estimate), columns.estimateInSeconds(), line, problems);
			List<String> said = new ArrayList<>();
			for (int column : commentColumns) {
				String comment = comment(cell(cells, column), source);
				if (comment.length() > Comments.BODY_MAX) {
					problem(problems, line, "a comment is longer than " + Comments.BODY_MAX + " characters: shortened",
							false);
					comment = comment.substring(0, Comments.BODY_MAX);
				}
				try {
					if (!comment.isBlank()) {
						said.add(TextFields.text("comment", comment, Comments.BODY_MAX));
					}
				}
				catch (InvalidInput ex) {
					problem(problems, line, "a comment " + ex.getMessage() + ": left out", false);
				}
			}
			rows.add(new Row(validTitle, validText, new TaskStatus(statusMapping.to()), mappedPriority, normalized,
					startDate, dueDate, minutes, said));
		}
		if (count == 0) {
			throw new InvalidInput("file", "has a header but no rows");
		}
		return new Parsed(count, rows, statuses, priorities, emails, problems);
	}

	private static void problem(List<Problem> problems, long line, String message, boolean skipped) {
		if (problems.size() < MAX_PROBLEMS) {
			problems.add(new Problem(line, message, skipped));
		}
	}

	private static int first(List<String> header, List<String> names) {
		for (String name : names) {
			int at = header.indexOf(name);
			if (at >= 0) {
				return at;
			}
		}
		return -1;
	}

	private static String cell(List<String> cells, int column) {
		return column >= 0 && column < cells.size() ? cells.get(column) : "";
	}

	/** Status names that say what they mean, in either tracker's words. */
	private static final Map<String, Workflow.Category> MEANINGS = Map.ofEntries(
			Map.entry("to do", Workflow.Category.TODO), Map.entry("todo", Workflow.Category.TODO),
			Map.entry("open", Workflow.Category.TODO), Map.entry("new", Workflow.Category.TODO),
			Map.entry("backlog", Workflow.Category.TODO), Map.entry("reopened", Workflow.Category.TODO),
			Map.entry("selected for development", Workflow.Category.TODO),
			Map.entry("in progress", Workflow.Category.IN_PROGRESS),
			Map.entry("in review", Workflow.Category.IN_PROGRESS), Map.entry("review", Workflow.Category.IN_PROGRESS),
			Map.entry("testing", Workflow.Category.IN_PROGRESS), Map.entry("in testing", Workflow.Category.IN_PROGRESS),
			Map.entry("feedback", Workflow.Category.IN_PROGRESS), Map.entry("doing", Workflow.Category.IN_PROGRESS),
			Map.entry("blocked", Workflow.Category.IN_PROGRESS), Map.entry("done", Workflow.Category.DONE),
			Map.entry("closed", Workflow.Category.DONE), Map.entry("resolved", Workflow.Category.DONE),
			Map.entry("rejected", Workflow.Category.DONE), Map.entry("won't do", Workflow.Category.DONE),
			Map.entry("won't fix", Workflow.Category.DONE), Map.entry("complete", Workflow.Category.DONE),
			Map.entry("completed", Workflow.Category.DONE));

	/**
	 * The workflow's status of the same name (or key); otherwise the first status of what
	 * the name means (to do, in progress, done); otherwise the first status.
	 */
	static Mapping statusOf(String from, Workflow workflow) {
		String wanted = from.strip().toLowerCase(Locale.ROOT);
		for (Workflow.Status status : workflow.statuses()) {
			if (status.name().toLowerCase(Locale.ROOT).equals(wanted) || status.key().equals(wanted)) {
				return new Mapping(from, status.key(), status.name(), 1, false);
			}
		}
		Workflow.Category meaning = MEANINGS.get(wanted);
		if (meaning != null) {
			for (Workflow.Status status : workflow.statuses()) {
				if (status.category() == meaning) {
					return new Mapping(from, status.key(), status.name(), 1, false);
				}
			}
		}
		return new Mapping(from, workflow.initial().key(), workflow.initial().name(), 1, true);
	}

	private static final Map<String, TaskPriority> PRIORITIES = Map.ofEntries(Map.entry("highest", TaskPriority.URGENT),
			Map.entry("blocker", TaskPriority.URGENT), Map.entry("critical", TaskPriority.URGENT),
			Map.entry("immediate", TaskPriority.URGENT), Map.entry("urgent", TaskPriority.URGENT),
			Map.entry("high", TaskPriority.HIGH), Map.entry("major", TaskPriority.HIGH),
			Map.entry("medium", TaskPriority.MEDIUM), Map.entry("normal", TaskPriority.MEDIUM),
			Map.entry("low", TaskPriority.LOW), Map.entry("lowest", TaskPriority.LOW),
			Map.entry("minor", TaskPriority.LOW), Map.entry("trivial", TaskPriority.LOW));

	static TaskPriority priorityOf(String from) {
		return PRIORITIES.getOrDefault(from.strip().toLowerCase(Locale.ROOT), TaskPriority.MEDIUM);
	}

	private static boolean known(String from) {
		return PRIORITIES.containsKey(from.strip().toLowerCase(Locale.ROOT));
	}

	/**
	 * Dates as either tracker writes them: ISO, Jira's 12/Mar/24 (with a time or not),
	 * 03/12/2024, 12.03.2024.
	 */
	private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
			new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("d/MMM/yy").toFormatter(Locale.ENGLISH),
			DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ENGLISH), DateTimeFormatter.ofPattern("d.M.yyyy"));

	static @Nullable LocalDate parseDate(String text) {
		String value = text.strip();
		if (value.isEmpty()) {
			return null;
		}
		// A time after the date (Jira: "12/Mar/24 3:45 PM"; ISO: "2024-03-12T15:45") is
		// not kept.
		String day = value.split("[ T]", 2)[0];
		for (DateTimeFormatter format : DATES) {
			try {
				LocalDate date = LocalDate.parse(day, format);
				if (date.getYear() >= 1900 && date.getYear() <= 9000) {
					return date;
				}
			}
			catch (DateTimeParseException ex) {
				// the next format
			}
		}
		throw new DateTimeParseException("not a date", value, 0);
	}

	private static @Nullable LocalDate date(List<String> cells, int column, long line, String what,
			List<Problem> problems) {
		try {
			return parseDate(cell(cells, column));
		}
		catch (DateTimeParseException ex) {
			problem(problems, line, "the " + what + " \"" + cell(cells, column).strip() + "\" is not a date: left out",
					false);
			return null;
		}
	}

	private static @Nullable Integer estimate(String text, boolean seconds, long line, List<Problem> problems) {
		String value = text.strip();
		if (value.isEmpty()) {
			return null;
		}
		try {
			BigDecimal amount = new BigDecimal(value.replace(',', '.'));
			long minutes = seconds ? amount.longValue() / 60 : amount.multiply(BigDecimal.valueOf(60)).longValue();
			if (minutes < 0 || minutes > 1_000_000) {
				throw new NumberFormatException();
			}
			return (int) minutes;
		}
		catch (NumberFormatException ex) {
			problem(problems, line, "the estimate \"" + value + "\" is not a number: left out", false);
			return null;
		}
	}

	/**
	 * A comment's text, with who wrote it and when as the tracker said (Jira writes a
	 * comment cell as {@code date;author;text}).
	 */
	static String comment(String cell, Source source) {
		String text = cell.replace("\r\n", "\n").strip();
		if (source == Source.JIRA) {
			String[] parts = text.split(";", 3);
			if (parts.length == 3 && !parts[0].isBlank() && parts[0].matches(".*\\d.*")) {
				return "Imported comment by " + parts[1].strip() + " on " + parts[0].strip() + ":\n\n"
						+ parts[2].strip();
			}
		}
		return text.isEmpty() ? "" : "Imported note:\n\n" + text;
	}

}
