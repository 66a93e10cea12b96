package dev.rampart.work;

import dev.rampart.identity.AccountDirectory;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** A member of an organization or project; {@code role} is the role's wire name. */
public record Member(UserId userId, String email, String displayName, String role, Instant addedAt) {

	/** A membership as work stores it: who, with which role, since when. */
	record Row(UserId user, String role, Instant addedAt) {
	}

	/**
	 * The memberships with each person's address and name from identity's directory (one
	 * statement, in the caller's transaction); someone the reader may not see is left
	 * out.
	 */
	static List<Member> of(AccountDirectory directory, DSLContext sql, List<Row> rows) {
		Map<UserId, AccountDirectory.Contact> contacts = directory.contacts(sql, rows.stream().map(Row::user).toList());
		return rows.stream().filter(row -> contacts.containsKey(row.user())).map(row -> {
			AccountDirectory.Contact contact = contacts.get(row.user());
			return new Member(row.user(), contact.email(), contact.displayName(), row.role(), row.addedAt());
		}).toList();
	}

}
