package dev.rampart.work;

import dev.rampart.identity.AccountDirectory;
import dev.rampart.identity.UserFields;
import dev.rampart.shared.UserId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The display names of the people tasks and comments point at (assignees, authors): a
 * list joins identity's read view {@code account_names} into its one statement; a single
 * row asks identity's directory in the same transaction. Row-level security decides who
 * is named: someone who shares no organization with the reader any more stays unnamed.
 */
@Component
class DisplayNames {

	private final AccountDirectory directory;

	private final UserFields fields;

	DisplayNames(AccountDirectory directory, UserFields fields) {
		this.directory = directory;
		this.fields = fields;
	}

	Map<UserId, String> of(DSLContext sql, Collection<UserId> users) {
		return directory.displayNames(sql, users);
	}

	Optional<String> of(DSLContext sql, Optional<UserId> user) {
		return user.map(u -> of(sql, List.of(u)).get(u));
	}

	/**
	 * A display name as a list statement read it from identity's view
	 * {@code account_names} (sealed), or what a deleted account is called.
	 */
	String open(UserId user, byte[] sealed, java.time.@org.jspecify.annotations.Nullable Instant deletedAt) {
		return fields.displayName(user.value(), sealed, deletedAt);
	}

}
