package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.shared.Emails;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * What other modules read and change of accounts, inside their own transaction and under
 * its row-level security (people who share no organization with the caller stay out):
 * identity keeps its table and its sealed fields to itself, and a page of tasks or
 * members costs one more statement, not one per person.
 */
@Component
public class AccountDirectory {

	/** How a person appears in a member list. */
	public record Contact(UserId id, String email, String displayName) {
	}

	private final UserFields fields;

	AccountDirectory(UserFields fields) {
		this.fields = fields;
	}

	/**
	 * The display names of these accounts that the caller may see, opened from their
	 * sealed form; a deleted account is "deleted user".
	 */
	public Map<UserId, String> displayNames(DSLContext sql, Collection<UserId> users) {
		List<UUID> ids = users.stream().map(UserId::value).distinct().toList();
		if (ids.isEmpty()) {
			return Map.of();
		}
		return sql.select(USERS.ID, USERS.DISPLAY_NAME, USERS.DELETED_AT)
			.from(USERS)
			.where(USERS.ID.in(ids))
			.fetch()
			.stream()
			.collect(Collectors.toMap(r -> new UserId(r.value1()),
					r -> fields.displayName(r.value1(), r.value2(), r.value3())));
	}

	/** Address and name of these accounts that the caller may see. */
	public Map<UserId, Contact> contacts(DSLContext sql, Collection<UserId> users) {
		List<UUID> ids = users.stream().map(UserId::value).distinct().toList();
		if (ids.isEmpty()) {
			return Map.of();
		}
		return sql.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME)
			.from(USERS)
			.where(USERS.ID.in(ids))
			.fetch()
			.stream()
			.map(r -> new Contact(new UserId(r.value1()), fields.email(r.value1(), r.value2()),
					fields.displayName(r.value1(), r.value3())))
			.collect(Collectors.toMap(Contact::id, c -> c));
	}

	/**
	 * The account with exactly this address, if the caller may see it (a fellow member,
	 * or the one row an email-lookup context shows).
	 */
	public Optional<UserId> withEmail(DSLContext sql, String field, String email) {
		byte[] index = fields.emailIndex(Emails.normalize(field, email));
		return sql.select(USERS.ID)
			.from(USERS)
			.where(USERS.EMAIL_INDEX.eq(index))
			.fetchOptional(r -> new UserId(r.value1()));
	}

	/**
	 * Whether {@code user}'s address is the one whose keyed index is {@code emailIndex}
	 * (an invitation keeps only the index), compared in constant time.
	 */
	public boolean hasEmailIndex(DSLContext sql, UserId user, byte[] emailIndex) {
		return sql.select(USERS.EMAIL_INDEX)
			.from(USERS)
			.where(USERS.ID.eq(user.value()))
			.fetchOptional(USERS.EMAIL_INDEX)
			.map(mine -> java.security.MessageDigest.isEqual(mine, emailIndex))
			.orElse(false);
	}

	/**
	 * Counts the address as confirmed from {@code at} (a link sent to it was followed).
	 */
	public void confirmEmail(DSLContext sql, UserId user, Instant at) {
		sql.update(USERS)
			.set(USERS.EMAIL_VERIFIED_AT,
					org.jooq.impl.DSL.coalesce(USERS.EMAIL_VERIFIED_AT, org.jooq.impl.DSL.val(at)))
			.where(USERS.ID.eq(user.value()))
			.execute();
	}

}
