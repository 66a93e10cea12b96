package dev.rampart.work;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.identity.UserFields;
import dev.rampart.shared.UserId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The display names of the people tasks and comments point at (assignees, authors),
 * looked up in one statement per page and opened from their sealed form. Row-level
 * security decides who is named: someone who shares no organization with the reader any
 * more stays unnamed.
 */
@Component
class DisplayNames {

	private final UserFields fields;

	DisplayNames(UserFields fields) {
		this.fields = fields;
	}

	Map<UserId, String> of(DSLContext sql, Collection<UserId> users) {
		List<UUID> ids = users.stream().map(UserId::value).distinct().toList();
		Map<UserId, String> names = new HashMap<>();
		if (ids.isEmpty()) {
			return names;
		}
		sql.select(USERS.ID, USERS.DISPLAY_NAME, USERS.DELETED_AT)
			.from(USERS)
			.where(USERS.ID.in(ids))
			.fetch()
			.forEach(r -> names.put(new UserId(r.value1()), open(new UserId(r.value1()), r.value2(), r.value3())));
		return names;
	}

	/** A display name as stored (sealed), or what a deleted account is called. */
	String open(UserId user, byte[] sealed, java.time.@org.jspecify.annotations.Nullable Instant deletedAt) {
		return fields.displayName(user.value(), sealed, deletedAt);
	}

	Optional<String> of(DSLContext sql, Optional<UserId> user) {
		return user.map(u -> of(sql, List.of(u)).get(u));
	}

}
