package dev.rampart.work;

import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.OrgId;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The search terms of a task's title and description and of a comment
 * ({@link FieldCipher#searchTerms}), each tagged with its field. A mention counts as the
 * name it shows, never its token's syntax or id.
 */
@Component
public class SearchTerms {

	static final String TITLE = "title";

	static final String DESCRIPTION = "description";

	static final String COMMENT = "comment";

	private final FieldCipher cipher;

	SearchTerms(FieldCipher cipher) {
		this.cipher = cipher;
	}

	/** A title's terms (what ranking compares). */
	public byte[][] title(OrgId org, String title) {
		return cipher.searchTerms(org, TITLE, title);
	}

	/** A task's own terms: its title's and its description's. */
	public byte[][] text(OrgId org, String title, String description) {
		return Stream
			.concat(Arrays.stream(title(org, title)),
					Arrays.stream(cipher.searchTerms(org, DESCRIPTION, Mentions.plain(description))))
			.toArray(byte[][]::new);
	}

	public byte[][] comment(OrgId org, String body) {
		return cipher.searchTerms(org, COMMENT, Mentions.plain(body));
	}

	/** What one query word looks for in each field: title, description, comment. */
	byte[][] query(OrgId org, String word) {
		return new byte[][] { cipher.searchTermOf(org, TITLE, word), cipher.searchTermOf(org, DESCRIPTION, word),
				cipher.searchTermOf(org, COMMENT, word) };
	}

}
