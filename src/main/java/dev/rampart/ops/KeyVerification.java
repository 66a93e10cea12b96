package dev.rampart.ops;

import static dev.rampart.db.schema.Tables.COMMENTS;
import static dev.rampart.db.schema.Tables.KEY_SETS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.db.OwnerDatabase;
import dev.rampart.identity.UserFields;
import dev.rampart.keys.DataKeys;
import dev.rampart.keys.KeyReport;
import dev.rampart.keys.FieldCipher;
import dev.rampart.keys.FieldCipher.Column;
import dev.rampart.shared.OrgId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * {@code keys verify}: every keyset opens with the key store, and a sample of every
 * organization's sealed values (task titles and descriptions, comments) and of the
 * platform's (account emails and names) opens with its keys. Reports counts and row ids,
 * never a value.
 */
@Component
public class KeyVerification {

	/** What a run found: {@code problems} name keysets and rows, never their content. */
	public record Report(int organizations, long valuesOpened, List<String> problems) {

		public boolean ok() {
			return problems.isEmpty();
		}

		public String summary() {
			return ok()
					? "Every keyset opens; " + valuesOpened + " sampled values of " + organizations
							+ " organizations and the platform open."
					: problems.size() + " problems; " + valuesOpened + " sampled values opened.";
		}

	}

	/** The most values of each kind a run opens per organization. */
	public static final int MAX_SAMPLE = 1000;

	private final OwnerDatabase owner;

	private final KeyReport keys;

	private final FieldCipher cipher;

	private final UserFields userFields;

	KeyVerification(OwnerDatabase owner, KeyReport keys, FieldCipher cipher, UserFields userFields) {
		this.owner = owner;
		this.keys = keys;
		this.cipher = cipher;
		this.userFields = userFields;
	}

	public Report run(int sample) {
		int perKind = Math.max(1, Math.min(sample, MAX_SAMPLE));
		List<String> problems = new ArrayList<>(keys.verify());
		long[] opened = { 0 };
		List<UUID> orgs = owner.transaction(sql -> sql.selectDistinct(KEY_SETS.ORG_ID)
			.from(KEY_SETS)
			.where(KEY_SETS.ORG_ID.ne(DataKeys.PLATFORM))
			.fetch(KEY_SETS.ORG_ID));
		// Rows from a random point of each id index on: a sample that reads only what it
		// opens.
		UUID start = UUID.randomUUID();
		owner.transaction(sql -> {
			for (UUID org : orgs) {
				opened[0] += sampleOrganization(sql, new OrgId(org), perKind, start, problems);
			}
			for (var user : sample(range -> sql.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME)
				.from(USERS)
				.where(USERS.EMAIL.isNotNull())
				.and(range.apply(USERS.ID)), USERS.ID, start, perKind)) {
				opened[0] += check(problems, "platform", "users", user.value1(), () -> {
					userFields.email(user.value1(), user.value2());
					userFields.displayName(user.value1(), user.value3());
				});
			}
			return null;
		});
		return new Report(orgs.size(), opened[0], List.copyOf(problems));
	}

	private long sampleOrganization(DSLContext sql, OrgId org, int perKind, UUID start, List<String> problems) {
		long opened = 0;
		for (var task : sample(range -> sql.select(TASKS.ID, TASKS.TITLE, TASKS.DESCRIPTION)
			.from(TASKS)
			.where(TASKS.ORG_ID.eq(org.value()))
			.and(DSL.not(TASKS.PLAIN))
			.and(range.apply(TASKS.ID)), TASKS.ID, start, perKind)) {
			opened += check(problems, org.toString(), "tasks", task.value1(), () -> {
				cipher.open(org, Column.TASK_TITLE, task.value1(), task.value2());
				cipher.open(org, Column.TASK_DESCRIPTION, task.value1(), task.value3());
			});
		}
		for (var comment : sample(range -> sql.select(COMMENTS.ID, COMMENTS.BODY)
			.from(COMMENTS)
			.where(COMMENTS.ORG_ID.eq(org.value()))
			.and(DSL.not(COMMENTS.PLAIN))
			.and(range.apply(COMMENTS.ID)), COMMENTS.ID, start, perKind)) {
			opened += check(problems, org.toString(), "comments", comment.value1(),
					() -> cipher.open(org, Column.COMMENT_BODY, comment.value1(), comment.value2()));
		}
		return opened;
	}

	/**
	 * Up to {@code size} rows in id order from {@code start} on, wrapping round to the
	 * lowest ids when fewer follow it: {@code query} receives the id range as a condition
	 * on the id column.
	 */
	private static <R extends Record> List<R> sample(
			Function<Function<Field<UUID>, Condition>, SelectConditionStep<R>> query, Field<UUID> id, UUID start,
			int size) {
		List<R> rows = new ArrayList<>(query.apply(column -> column.ge(start)).orderBy(id).limit(size).fetch());
		if (rows.size() < size) {
			rows.addAll(query.apply(column -> column.lt(start)).orderBy(id).limit(size - rows.size()).fetch());
		}
		return rows;
	}

	private static int check(List<String> problems, String owner, String table, UUID row, Runnable open) {
		try {
			open.run();
			return 1;
		}
		catch (RuntimeException ex) {
			problems
				.add(owner + " " + table + " row " + row + " does not open (" + ex.getClass().getSimpleName() + ")");
			return 0;
		}
	}

}
