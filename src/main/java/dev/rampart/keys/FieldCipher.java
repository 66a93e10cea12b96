package dev.rampart.keys;

import dev.rampart.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Seals and opens one column value with its organization's data key. The associated data
 * binds the ciphertext to (organization, table, column, row); the key version is the
 * keyset entry Tink names in the ciphertext's prefix. A ciphertext copied to another row,
 * column or organization does not open. Control C17 (docs/controls.md).
 */
@Component
public class FieldCipher {

	/** A sealed column. */
	public record Column(String table, String name) {

		public static final Column TASK_TITLE = new Column("tasks", "title");

		public static final Column TASK_DESCRIPTION = new Column("tasks", "description");

		public static final Column COMMENT_BODY = new Column("comments", "body");

		public static final Column CHECKLIST_ITEM_TEXT = new Column("checklist_items", "text");

		public static final Column PROJECT_TASK_KEY = new Column("projects", "task_key");

		public static final Column MILESTONE_NAME = new Column("milestones", "name");

		public static final Column LABEL_NAME = new Column("labels", "name");

		public static final Column TEMPLATE_NAME = new Column("process_templates", "name");

		public static final Column TEMPLATE_DOCUMENT = new Column("process_template_versions", "document");

		public static final Column ORG_NAME = new Column("organizations", "name");

		public static final Column PROJECT_NAME = new Column("projects", "name");

		public static final Column PROJECT_DESCRIPTION = new Column("projects", "description");

		public static final Column ATTACHMENT_FILE_NAME = new Column("attachments", "file_name");

		public static final Column SPRINT_NAME = new Column("sprints", "name");

		public static final Column SPRINT_GOAL = new Column("sprints", "goal");

		public static final Column TASK_HISTORY_OLD = new Column("task_history", "old_sealed");

		public static final Column TASK_HISTORY_NEW = new Column("task_history", "new_sealed");

		public static final Column USER_EMAIL = new Column("users", "email");

		public static final Column USER_DISPLAY_NAME = new Column("users", "display_name");

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

	/**
	 * The text; a value that does not open (moved, changed, key destroyed) is an error,
	 * never garbage.
	 */
	public String open(@Nullable OrgId org, Column column, UUID row, byte[] sealed) {
		try {
			return new String(keys.aead(org).decrypt(sealed, binding(org, column, row)), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new SealedValueUnreadable(column, row);
		}
	}

	/**
	 * Opens a value of a row that may predate sealing ({@code plain}: its UTF-8 bytes).
	 */
	public String open(@Nullable OrgId org, Column column, UUID row, byte[] stored, boolean plain) {
		return plain ? new String(stored, StandardCharsets.UTF_8) : open(org, column, row, stored);
	}

	/**
	 * A blind index of {@code value}: HMAC-SHA256 with the organization's (or the
	 * platform's) index key, under a label naming what is indexed, so equal values find
	 * each other without the database holding the value. Index keys are not rotated
	 * (every stored index would change).
	 */
	public byte[] index(@Nullable OrgId org, String label, String value) {
		try {
			return keys.index(org).computePrimary((label + ":" + value).getBytes(StandardCharsets.UTF_8), INDEX_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the index key of " + (org == null ? "the platform" : org) + " is unusable",
					ex);
		}
	}

	private static final int INDEX_BYTES = 32;

	/**
	 * Bytes kept of each word's index value: collisions within one organization stay out
	 * of reach.
	 */
	private static final int WORD_INDEX_BYTES = 16;

	private static final int MAX_WORD_LENGTH = 64;

	private static final java.util.regex.Pattern WORD_SEPARATORS = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

	/**
	 * The words of a text as a search sees them: Unicode-normalised (NFKC), lower-cased,
	 * split at anything that is not a letter or digit, each at most 64 characters, each
	 * once.
	 */
	public static java.util.List<String> words(String text) {
		String normalized = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC)
			.toLowerCase(java.util.Locale.ROOT);
		return WORD_SEPARATORS.splitAsStream(normalized)
			.filter(word -> !word.isEmpty())
			.map(word -> word.length() > MAX_WORD_LENGTH ? word.substring(0, MAX_WORD_LENGTH) : word)
			.distinct()
			.toList();
	}

	/**
	 * The blind index of each of the text's {@link #words}, for a column searchable by
	 * word.
	 */
	public byte[][] wordIndex(@Nullable OrgId org, Column column, String text) {
		return words(text).stream()
			.map(word -> java.util.Arrays.copyOf(index(org, column.table() + "." + column.name() + ".words", word),
					WORD_INDEX_BYTES))
			.toArray(byte[][]::new);
	}

	/**
	 * Bytes kept of each search term: enough that two terms of one organization never
	 * meet.
	 */
	public static final int SEARCH_TERM_BYTES = 8;

	/** Prefixes from this many letters are searchable; shorter words only whole. */
	public static final int SEARCH_PREFIX_MIN = 3;

	/** ... and up to this many: a query's letters after it are not compared. */
	public static final int SEARCH_PREFIX_MAX = 10;

	/**
	 * The search terms of a text in one field ({@code title}, {@code description},
	 * {@code comment}): for each of its {@link #words}, the blind index of each prefix of
	 * 3 to 10 letters, and of the whole word when it is shorter or longer than that; each
	 * once, 8 bytes of HMAC-SHA256 under the organization's index key labelled with the
	 * field.
	 */
	public byte[][] searchTerms(OrgId org, String field, String text) {
		java.util.Set<String> tokens = new java.util.LinkedHashSet<>();
		for (String word : words(text)) {
			int letters = word.codePointCount(0, word.length());
			if (letters < SEARCH_PREFIX_MIN || letters > SEARCH_PREFIX_MAX) {
				tokens.add("=" + word);
			}
			for (int k = SEARCH_PREFIX_MIN; k <= Math.min(letters, SEARCH_PREFIX_MAX); k++) {
				tokens.add("^" + word.substring(0, word.offsetByCodePoints(0, k)));
			}
		}
		return tokens.stream().map(token -> searchTerm(org, field, token)).toArray(byte[][]::new);
	}

	/**
	 * The term a query word looks for in {@code field}: words starting with it (its first
	 * 10 letters), or, under 3 letters, the word itself.
	 */
	public byte[] searchTermOf(OrgId org, String field, String word) {
		int letters = word.codePointCount(0, word.length());
		if (letters < SEARCH_PREFIX_MIN) {
			return searchTerm(org, field, "=" + word);
		}
		return searchTerm(org, field,
				"^" + word.substring(0, word.offsetByCodePoints(0, Math.min(letters, SEARCH_PREFIX_MAX))));
	}

	private byte[] searchTerm(OrgId org, String field, String token) {
		return java.util.Arrays.copyOf(index(org, "search." + field, token), SEARCH_TERM_BYTES);
	}

	private static byte[] binding(@Nullable OrgId org, Column column, UUID row) {
		return ("rampart:v1:" + (org == null ? DataKeys.PLATFORM : org.value()) + ":" + column.table() + "."
				+ column.name() + ":" + row)
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A stored value that does not open: tampering, a moved ciphertext, or a destroyed
	 * key.
	 */
	public static final class SealedValueUnreadable extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		SealedValueUnreadable(Column column, UUID row) {
			super("the sealed value of " + column.table() + "." + column.name() + " in row " + row + " does not open");
		}

	}

}
