package dev.rampart.ops.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.core.Utils;

/**
 * The tables of Rampart's schema as the backup sees them, read from PostgreSQL's catalog
 * on the connection given: each with its columns (generated ones left out, PostgreSQL
 * computes them) and primary key, ordered so a table comes after those it references.
 * COPY statements name tables and columns, which cannot be bind values: the names come
 * from the catalog and are quoted by the driver.
 */
final class SchemaCatalog {

	static final String SCHEMA = "rampart";

	/** Flyway's own table: a restore makes it by migrating, never by loading. */
	private static final String MIGRATION_HISTORY = "flyway_schema_history";

	/** A table and what COPY needs to know about it. */
	record Table(String name, List<String> columns, List<String> primaryKey) {

		String qualified() throws SQLException {
			return quote(SCHEMA) + "." + quote(name);
		}

		String columnList() throws SQLException {
			List<String> quoted = new ArrayList<>();
			for (String column : columns) {
				quoted.add(quote(column));
			}
			return String.join(", ", quoted);
		}

		/**
		 * Its rows in a stable order (the primary key, or every column), so the same rows
		 * give the same bytes wherever they are read.
		 */
		String copyOut() throws SQLException {
			List<String> order = new ArrayList<>();
			for (String column : primaryKey.isEmpty() ? columns : primaryKey) {
				order.add(quote(column));
			}
			return "COPY (SELECT " + columnList() + " FROM " + qualified() + " ORDER BY " + String.join(", ", order)
					+ ") TO STDOUT (FORMAT binary)";
		}

		String copyIn() throws SQLException {
			return "COPY " + qualified() + " (" + columnList() + ") FROM STDIN (FORMAT binary)";
		}

	}

	private SchemaCatalog() {
	}

	/** A name quoted as an identifier by the driver. */
	static String quote(String name) throws SQLException {
		return Utils.escapeIdentifier(null, name).toString();
	}

	/** Every table of the schema, referenced tables first. */
	static List<Table> tables(Connection c) throws SQLException {
		Map<String, List<String>> columns = new LinkedHashMap<>();
		try (PreparedStatement ps = c.prepareStatement("""
				select c.relname, a.attname from pg_class c
				  join pg_namespace n on n.oid = c.relnamespace
				  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
				 where n.nspname = ? and c.relkind = 'r' and c.relname <> ? and a.attgenerated = ''
				 order by c.relname, a.attnum""")) {
			ps.setString(1, SCHEMA);
			ps.setString(2, MIGRATION_HISTORY);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
				}
			}
		}
		Map<String, List<String>> keys = new LinkedHashMap<>();
		try (PreparedStatement ps = c.prepareStatement("""
				select c.relname, a.attname from pg_index i
				  join pg_class c on c.oid = i.indrelid
				  join pg_namespace n on n.oid = c.relnamespace
				  cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
				  join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
				 where n.nspname = ? and i.indisprimary
				 order by c.relname, k.position""")) {
			ps.setString(1, SCHEMA);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					keys.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
				}
			}
		}
		Map<String, Set<String>> references = new LinkedHashMap<>();
		try (PreparedStatement ps = c.prepareStatement("""
				select c.relname, r.relname from pg_constraint f
				  join pg_class c on c.oid = f.conrelid
				  join pg_class r on r.oid = f.confrelid
				  join pg_namespace n on n.oid = c.relnamespace
				 where n.nspname = ? and f.contype = 'f' and f.conrelid <> f.confrelid""")) {
			ps.setString(1, SCHEMA);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					references.computeIfAbsent(rs.getString(1), t -> new LinkedHashSet<>()).add(rs.getString(2));
				}
			}
		}
		List<Table> ordered = new ArrayList<>();
		Set<String> placed = new LinkedHashSet<>();
		Set<String> visiting = new LinkedHashSet<>();
		for (String table : columns.keySet()) {
			place(table, columns, keys, references, placed, visiting, ordered);
		}
		return ordered;
	}

	private static void place(String table, Map<String, List<String>> columns, Map<String, List<String>> keys,
			Map<String, Set<String>> references, Set<String> placed, Set<String> visiting, List<Table> ordered) {
		if (placed.contains(table) || !columns.containsKey(table)) {
			return;
		}
		if (!visiting.add(table)) {
			throw new IllegalStateException("the schema's foreign keys form a cycle through " + table);
		}
		for (String referenced : references.getOrDefault(table, Set.of())) {
			place(referenced, columns, keys, references, placed, visiting, ordered);
		}
		visiting.remove(table);
		placed.add(table);
		ordered
			.add(new Table(table, List.copyOf(columns.get(table)), List.copyOf(keys.getOrDefault(table, List.of()))));
	}

	/** Each sequence of the schema and its last value (absent if never used). */
	static Map<String, Long> sequences(Connection c) throws SQLException {
		Map<String, Long> values = new LinkedHashMap<>();
		try (PreparedStatement ps = c.prepareStatement(
				"select sequencename, last_value from pg_sequences where schemaname = ? order by sequencename")) {
			ps.setString(1, SCHEMA);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					long value = rs.getLong(2);
					if (!rs.wasNull()) {
						values.put(rs.getString(1), value);
					}
				}
			}
		}
		return values;
	}

	/** The last migration applied. */
	static String schemaVersion(Connection c) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(
				"select version from " + quote(SCHEMA) + ".flyway_schema_history where success and version is not null"
						+ " order by installed_rank desc limit 1");
				ResultSet rs = ps.executeQuery()) {
			if (!rs.next()) {
				throw new IllegalStateException("the database has no migrations applied");
			}
			return rs.getString(1);
		}
	}

}
