package dev.rampart.bi;

import dev.rampart.work.BiSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;

/**
 * The projected tables ({@code db/bi}): their columns, how a source row fills them, and
 * the one way every write happens: {@link #sync} compares the rows in a scope by their
 * SHA-256 with what the source says and repairs the difference. The incremental writes (a
 * few tasks) and the reconcile (everything) are the same code with another scope.
 */
final class BiTables {

	/** A column of a projected table. */
	record Column(String name, DataType<?> type) {

		Field<Object> field() {
			@SuppressWarnings("unchecked")
			DataType<Object> t = (DataType<Object>) type;
			return DSL.field(DSL.name(name), t);
		}

	}

	/** A projected table: its first {@code keyColumns} columns identify a row. */
	record Spec<R>(String name, List<Column> columns, int keyColumns, Function<R, @Nullable Object[]> values) {

		Table<?> table() {
			return DSL.table(DSL.name("bi_data", name));
		}

		Field<Object> field(String column) {
			return columns.stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow().field();
		}

	}

	/** What one sync found and did. */
	record Diff(String table, int source, int projected, int removed, int written) {

		int repaired() {
			return removed + written;
		}

	}

	static final Field<String> TENANT = DSL.field(DSL.name("tenant"), SQLDataType.CLOB);

	private static Column c(String name, DataType<?> type) {
		return new Column(name, type);
	}

	static final Spec<BiSource.ProjectRow> PROJECTS = new Spec<>("projects",
			List.of(c("id", SQLDataType.UUID), c("task_key", SQLDataType.CLOB), c("name", SQLDataType.CLOB),
					c("description", SQLDataType.CLOB), c("created_at", SQLDataType.INSTANT),
					c("archived_at", SQLDataType.INSTANT)),
			1, r -> new Object[] { r.id(), r.taskKey(), r.name(), r.description(), r.createdAt(), r.archivedAt() });

	static final Spec<BiSource.StatusRow> STATUSES = new Spec<>("statuses",
			List.of(c("project_id", SQLDataType.UUID), c("key", SQLDataType.CLOB), c("name", SQLDataType.CLOB),
					c("category", SQLDataType.CLOB), c("position", SQLDataType.INTEGER)),
			2, r -> new Object[] { r.projectId(), r.key(), r.name(), r.category(), r.position() });

	static final Spec<BiSource.MilestoneRow> MILESTONES = new Spec<>("milestones",
			List.of(c("id", SQLDataType.UUID), c("project_id", SQLDataType.UUID), c("name", SQLDataType.CLOB),
					c("due_date", SQLDataType.LOCALDATE), c("state", SQLDataType.CLOB)),
			1, r -> new Object[] { r.id(), r.projectId(), r.name(), r.dueDate(), r.state() });

	static final Spec<BiSource.SprintRow> SPRINTS = new Spec<>("sprints",
			List.of(c("id", SQLDataType.UUID), c("project_id", SQLDataType.UUID), c("name", SQLDataType.CLOB),
					c("goal", SQLDataType.CLOB), c("state", SQLDataType.CLOB), c("start_date", SQLDataType.LOCALDATE),
					c("end_date", SQLDataType.LOCALDATE), c("started_at", SQLDataType.INSTANT),
					c("closed_at", SQLDataType.INSTANT)),
			1, r -> new Object[] { r.id(), r.projectId(), r.name(), r.goal(), r.state(), r.startDate(), r.endDate(),
					r.startedAt(), r.closedAt() });

	static final Spec<BiSource.LabelRow> LABELS = new Spec<>("labels",
			List.of(c("id", SQLDataType.UUID), c("name", SQLDataType.CLOB), c("colour", SQLDataType.CLOB)), 1,
			r -> new Object[] { r.id(), r.name(), r.colour() });

	static final Spec<BiSource.PersonRow> PEOPLE = new Spec<>("people",
			List.of(c("id", SQLDataType.UUID), c("display_name", SQLDataType.CLOB)), 1,
			r -> new Object[] { r.id(), r.displayName() });

	static final Spec<BiSource.TaskRow> TASKS = new Spec<>(
			"tasks", List
				.of(c("id", SQLDataType.UUID), c("project_id", SQLDataType.UUID), c("task_key", SQLDataType.CLOB),
						c("number", SQLDataType.INTEGER), c("status", SQLDataType.CLOB),
						c("priority", SQLDataType.CLOB), c("restricted", SQLDataType.BOOLEAN),
						c("assignee_id", SQLDataType.UUID), c("milestone_id", SQLDataType.UUID),
						c("sprint_id", SQLDataType.UUID), c("start_date", SQLDataType.LOCALDATE),
						c("due_date", SQLDataType.LOCALDATE), c("estimate_minutes", SQLDataType.INTEGER),
						c("story_points", SQLDataType.INTEGER), c("created_at", SQLDataType.INSTANT),
						c("updated_at",
								SQLDataType.INSTANT),
						c("title", SQLDataType.CLOB), c("description", SQLDataType.CLOB)),
			1,
			r -> new Object[] { r.id(), r.projectId(), r.taskKey(), r.number(), r.status(), r.priority(),
					r.restricted(), r.assigneeId(), r.milestoneId(), r.sprintId(), r.startDate(), r.dueDate(),
					r.estimateMinutes(), r.storyPoints(), r.createdAt(), r.updatedAt(), r.title(), r.description() });

	static final Spec<BiSource.TaskLabelRow> TASK_LABELS = new Spec<>("task_labels",
			List.of(c("task_id", SQLDataType.UUID), c("label_id", SQLDataType.UUID)), 2,
			r -> new Object[] { r.taskId(), r.labelId() });

	static final Spec<BiSource.CommentRow> COMMENTS = new Spec<>("comments",
			List.of(c("id", SQLDataType.UUID), c("task_id", SQLDataType.UUID), c("author_id", SQLDataType.UUID),
					c("created_at", SQLDataType.INSTANT), c("edited_at", SQLDataType.INSTANT),
					c("body", SQLDataType.CLOB)),
			1, r -> new Object[] { r.id(), r.taskId(), r.authorId(), r.createdAt(), r.editedAt(), r.body() });

	/** Every projected table, in the order the views list them (docs/bi.md). */
	static final List<Spec<?>> ALL = List.of(PROJECTS, STATUSES, MILESTONES, SPRINTS, LABELS, PEOPLE, TASKS,
			TASK_LABELS, COMMENTS);

	private static final int CHUNK = 500;

	private BiTables() {
	}

	/**
	 * Makes the tenant's rows of {@code spec} within {@code scope} equal {@code source}:
	 * rows compared by the SHA-256 of their values; a row missing or different is
	 * written, one the source no longer has is removed.
	 */
	static <R> Diff sync(DSLContext bi, Spec<R> spec, String tenant, Condition scope, List<R> source) {
		List<Field<Object>> fields = spec.columns().stream().map(Column::field).toList();
		Map<List<@Nullable Object>, String> projected = new HashMap<>();
		bi.select(fields).from(spec.table()).where(TENANT.eq(tenant)).and(scope).forEach(record -> {
			@Nullable Object[] values = record.intoArray();
			projected.put(key(spec, values), hash(values));
		});
		Map<List<@Nullable Object>, @Nullable Object[]> wanted = new HashMap<>();
		for (R row : source) {
			@Nullable Object[] values = spec.values().apply(row);
			wanted.put(key(spec, values), values);
		}
		List<List<@Nullable Object>> remove = new ArrayList<>();
		List<@Nullable Object[]> write = new ArrayList<>();
		projected.forEach((key, hash) -> {
			@Nullable Object[] values = wanted.get(key);
			if (values == null || !same(hash, hash(values))) {
				remove.add(key);
			}
		});
		wanted.forEach((key, values) -> {
			String hash = projected.get(key);
			if (hash == null || !same(hash, hash(values))) {
				write.add(values);
			}
		});
		List<Field<Object>> keyFields = fields.subList(0, spec.keyColumns());
		for (int i = 0; i < remove.size(); i += CHUNK) {
			List<List<@Nullable Object>> chunk = remove.subList(i, Math.min(remove.size(), i + CHUNK));
			Condition keys = spec.keyColumns() == 1 ? keyFields.get(0).in(chunk.stream().map(k -> k.get(0)).toList())
					: DSL.row(keyFields).in(chunk.stream().map(k -> DSL.row(k.toArray())).toList());
			bi.deleteFrom(spec.table()).where(TENANT.eq(tenant)).and(keys).execute();
		}
		List<Field<?>> insertFields = new ArrayList<>();
		insertFields.add(TENANT);
		insertFields.addAll(fields);
		for (int i = 0; i < write.size(); i += CHUNK) {
			var insert = bi.insertInto(spec.table()).columns(insertFields);
			for (@Nullable
			Object[] values : write.subList(i, Math.min(write.size(), i + CHUNK))) {
				List<Field<?>> row = new ArrayList<>();
				row.add(DSL.val(tenant, TENANT.getDataType()));
				for (int c = 0; c < values.length; c++) {
					row.add(DSL.val(values[c], fields.get(c).getDataType()));
				}
				insert = insert.values(row);
			}
			insert.execute();
		}
		return new Diff(spec.name(), wanted.size(), projected.size(), remove.size() - sameKeys(remove, wanted),
				write.size());
	}

	/** Removed keys that are written again (a changed row) count once, as written. */
	private static int sameKeys(List<List<@Nullable Object>> removed, Map<List<@Nullable Object>, ?> wanted) {
		return (int) removed.stream().filter(wanted::containsKey).count();
	}

	/**
	 * Row hashes are no secret (both sides are Rampart's), but comparing them in constant
	 * time costs nothing and keeps the one rule for every digest comparison.
	 */
	private static boolean same(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
	}

	/** Every row of the tenant in every table goes (access turned off). */
	static void removeTenant(DSLContext bi, String tenant) {
		for (Spec<?> spec : ALL) {
			bi.deleteFrom(spec.table()).where(TENANT.eq(tenant)).execute();
		}
		bi.deleteFrom(DSL.table(DSL.name("bi_data", "tenant_state"))).where(TENANT.eq(tenant)).execute();
	}

	private static <R> List<@Nullable Object> key(Spec<R> spec, @Nullable Object[] values) {
		return Arrays.asList(Arrays.copyOf(values, spec.keyColumns()));
	}

	/**
	 * SHA-256 of a row's values in a canonical text form (the same for a value read from
	 * either database).
	 */
	static String hash(@Nullable Object[] values) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (@Nullable
			Object value : values) {
				String text = value == null ? "\u0000" : value.getClass().getSimpleName() + ":" + value;
				byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
				sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
				sha.update((byte) ':');
				sha.update(bytes);
			}
			return java.util.HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
