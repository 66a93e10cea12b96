package dev.rampart.work;

import dev.rampart.identity.UserFields;
import dev.rampart.shared.UserId;
import java.time.Instant;

/** A member of an organization or project; {@code role} is the role's wire name. */
public record Member(UserId userId, String email, String displayName, String role, Instant addedAt) {

	/**
	 * A member row (user id, sealed email, sealed display name, role, added) with its
	 * personal fields opened.
	 */
	static Member of(UserFields fields, org.jooq.Record5<java.util.UUID, byte[], byte[], String, Instant> r) {
		return new Member(new UserId(r.value1()), fields.email(r.value1(), r.value2()),
				fields.displayName(r.value1(), r.value3()), r.value4(), r.value5());
	}

}
