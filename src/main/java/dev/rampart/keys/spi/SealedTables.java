package dev.rampart.keys.spi;

import dev.rampart.keys.FieldCipher.Column;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * A module's sealed columns, registered with the re-encryption job: each module that
 * seals content in its tables provides one bean, so a new sealed column is declared once,
 * next to the code that writes it. The job seals rows from before sealing and seals again
 * what an older data key sealed.
 */
public interface SealedTables {

	List<SealedTable> sealedTables();

	/** A sealed column and the binding its values are sealed with. */
	record SealedColumn(Field<byte[]> field, Column column) {
	}

	/**
	 * A table with sealed columns: {@code org} is the organization column (null: the
	 * platform's rows, sealed with the platform key), {@code plain} the flag of rows from
	 * before sealing (null: sealed some other way), {@code sealed} the condition of rows
	 * already sealed.
	 */
	record SealedTable(Table<?> table, Field<UUID> id, @Nullable Field<UUID> org, @Nullable Field<Boolean> plain,
			Condition sealed, List<SealedColumn> columns) {

		/** Rows with a value sealed under another key than the one with this prefix. */
		public Condition olderThan(byte[] prefix) {
			return columns.stream()
				.map(c -> DSL.condition("substring({0} from 1 for 5) <> {1}", c.field(), DSL.val(prefix)))
				.reduce(Condition::or)
				.orElseThrow();
		}

		/** The organization's rows (every row of a platform table). */
		public Condition of(UUID orgId) {
			return org == null ? DSL.trueCondition() : org.eq(orgId);
		}

		/**
		 * Whether the rows are the platform's (accounts) rather than an organization's.
		 */
		public boolean platform() {
			return org == null;
		}

	}

}
