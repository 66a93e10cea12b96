package dev.rampart.work;

import static dev.rampart.db.schema.Tables.PROJECTS;

import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Project keys, the prefix of the keys people use for tasks ({@code WEB} of
 * {@code WEB-42}): two to ten capital letters or digits, unique in the organization,
 * sealed like the project's name with a blind index for uniqueness and look-up. Task
 * numbers come from the project's counter in the creating transaction, so they are never
 * reused; changing the key keeps every number.
 */
@Component
class ProjectKeys {

	private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9]{1,9}");

	private static final Pattern TASK_KEY = Pattern.compile("([A-Z][A-Z0-9]{1,9})-([1-9][0-9]{0,8})");

	private static final String INDEX_LABEL = "projects.task_key";

	private final FieldCipher cipher;

	ProjectKeys(FieldCipher cipher) {
		this.cipher = cipher;
	}

	static String valid(String field, String key) {
		if (!KEY.matcher(key).matches()) {
			throw new InvalidInput(field,
					"must be 2 to 10 capital letters or digits, starting with a letter (like WEB)");
		}
		return key;
	}

	/** A task key split into its project key and number; empty if it is not one. */
	static Optional<TaskKey> parseTaskKey(String key) {
		var matcher = TASK_KEY.matcher(key.trim().toUpperCase(Locale.ROOT));
		return matcher.matches() ? Optional.of(new TaskKey(matcher.group(1), Integer.parseInt(matcher.group(2))))
				: Optional.empty();
	}

	record TaskKey(String project, int number) {
	}

	byte[] index(OrgId org, String key) {
		return cipher.index(org, INDEX_LABEL, key);
	}

	@Nullable String open(OrgId org, ProjectId project, byte @Nullable [] sealed) {
		return sealed == null ? null : cipher.open(org, FieldCipher.Column.PROJECT_TASK_KEY, project.value(), sealed);
	}

	/**
	 * Gives the project this key, refused (409) if another project of the organization
	 * has it.
	 */
	void set(DSLContext sql, OrgId org, ProjectId project, String key) {
		byte[] index = index(org, key);
		if (taken(sql, org, project, index)) {
			throw new Conflict("another project of this organization has the key " + key);
		}
		try {
			sql.update(PROJECTS)
				.set(PROJECTS.TASK_KEY, cipher.seal(org, FieldCipher.Column.PROJECT_TASK_KEY, project.value(), key))
				.set(PROJECTS.TASK_KEY_INDEX, index)
				.where(PROJECTS.ID.eq(project.value()))
				.and(PROJECTS.ORG_ID.eq(org.value()))
				.execute();
		}
		catch (org.jooq.exception.IntegrityConstraintViolationException ex) {
			// Another project took it between the check and this write (the unique index
			// decides).
			throw new Conflict("another project of this organization has the key " + key);
		}
	}

	/**
	 * A key for a project from its name (initials of its words, or the start of its only
	 * word), with a number appended when the organization already has it.
	 */
	String derive(DSLContext sql, OrgId org, ProjectId project, String name) {
		String base = fromName(name);
		for (int n = 1; n < 1000; n++) {
			String candidate = n == 1 ? base : base.substring(0, Math.min(base.length(), 10 - digits(n))) + n;
			if (!taken(sql, org, project, index(org, candidate))) {
				return candidate;
			}
		}
		throw new Conflict("no free key could be made from the project's name: give one");
	}

	private static int digits(int n) {
		return Integer.toString(n).length();
	}

	static String fromName(String name) {
		String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD)
			.replaceAll("\\p{M}", "")
			.toUpperCase(Locale.ROOT)
			.replaceAll("[^A-Z0-9 ]", " ")
			.trim();
		String[] words = ascii.isEmpty() ? new String[0] : ascii.split(" +");
		StringBuilder key = new StringBuilder();
		if (words.length > 1) {
			for (String word : words) {
				if (key.length() < 4) {
					key.append(word.charAt(0));
				}
			}
		}
		else if (words.length == 1) {
			key.append(words[0], 0, Math.min(4, words[0].length()));
		}
		while (key.length() > 0 && !Character.isLetter(key.charAt(0))) {
			key.deleteCharAt(0);
		}
		if (key.length() < 2) {
			return "P" + (key.length() == 1 ? key : "R");
		}
		return key.toString();
	}

	private static boolean taken(DSLContext sql, OrgId org, ProjectId project, byte[] index) {
		return Boolean.TRUE.equals(sql
			.select(DSL.field("rampart.project_key_taken({0}, {1}, {2})", Boolean.class, DSL.val(org.value()),
					DSL.val(index), DSL.val(project.value())))
			.fetchOne(0, Boolean.class));
	}

	/**
	 * The next task number of the project, and the project's key (derived from its name
	 * first if it has none yet), taken in the creating transaction: the project's row
	 * stays locked until it commits, so numbers are never shared or skipped by a
	 * rollback.
	 */
	Numbered nextNumber(DSLContext sql, OrgId org, ProjectId project, java.util.function.Supplier<String> name) {
		var row = sql.update(PROJECTS)
			.set(PROJECTS.NEXT_TASK_NUMBER, PROJECTS.NEXT_TASK_NUMBER.plus(1))
			.where(PROJECTS.ID.eq(project.value()))
			.and(PROJECTS.ORG_ID.eq(org.value()))
			.returning(PROJECTS.NEXT_TASK_NUMBER, PROJECTS.TASK_KEY)
			.fetchOne();
		if (row == null) {
			throw new NotFound(Projects.PROJECT);
		}
		String key = open(org, project, row.getTaskKey());
		if (key == null) {
			key = derive(sql, org, project, name.get());
			set(sql, org, project, key);
		}
		return new Numbered(row.getNextTaskNumber() - 1, key);
	}

	/**
	 * Marks numbers 1 to {@code count} of a new project as given (its template's tasks
	 * took them in the same transaction).
	 */
	static void reserveNumbers(DSLContext sql, ProjectId project, int count) {
		sql.update(PROJECTS).set(PROJECTS.NEXT_TASK_NUMBER, count + 1).where(PROJECTS.ID.eq(project.value())).execute();
	}

	record Numbered(int number, String key) {
	}

}
