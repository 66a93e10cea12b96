package dev.rampart.keys;

import dev.rampart.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Seals and opens one column value with its organization's data key. The associated data binds
 * the ciphertext to (organization, table, column, row); the key version is the keyset entry Tink
 * names in the ciphertext's prefix. A ciphertext copied to another row, column or organization
 * does not open.
 */
@Component
public class FieldCipher {

	/** A sealed column. */
	public record Column(String table, String name) {

		public static final Column TASK_TITLE = new Column("tasks", "title");

		public static final Column TASK_DESCRIPTION = new Column("tasks", "description");

		public static final Column COMMENT_BODY = new Column("comments", "body");

	}

	private final DataKeys keys;

	FieldCipher(DataKeys keys) {
		this.keys = keys;
	}

	public byte[] seal(@Nullable OrgId org, Column column, UUID row, String text) {
		try {
			return keys.aead(org).encrypt(text.getBytes(StandardCharsets.UTF_8), binding(org, column, row));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("sealing " + column + " failed", ex);
		}
	}

	/** The text; a value that does not open (moved, changed, key destroyed) is an error, never garbage. */
	public String open(@Nullable OrgId org, Column column, UUID row, byte[] sealed) {
		try {
			return new String(keys.aead(org).decrypt(sealed, binding(org, column, row)), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new SealedValueUnreadable(column, row);
		}
	}

	/** Opens a value of a row that may predate sealing ({@code plain}: its UTF-8 bytes). */
	public String open(@Nullable OrgId org, Column column, UUID row, byte[] stored, boolean plain) {
		return plain ? new String(stored, StandardCharsets.UTF_8) : open(org, column, row, stored);
	}

	private static byte[] binding(@Nullable OrgId org, Column column, UUID row) {
		return ("rampart:v1:" + (org == null ? DataKeys.PLATFORM : org.value()) + ":" + column.table() + "."
				+ column.name() + ":" + row).getBytes(StandardCharsets.UTF_8);
	}

	/** A stored value that does not open: tampering, a moved ciphertext, or a destroyed key. */
	public static final class SealedValueUnreadable extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		SealedValueUnreadable(Column column, UUID row) {
			super("the sealed value of " + column.table() + "." + column.name() + " in row " + row + " does not open");
		}

	}

}
