package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORG_MEMBERS;
import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.identity.UserFields;
import dev.rampart.shared.Emails;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import dev.rampart.shared.UserRef;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Finds a member of an organization named by id or by email (project members, grantees,
 * assignees).
 */
@Component
class OrgPeople {

	private final UserFields userFields;

	OrgPeople(UserFields userFields) {
		this.userFields = userFields;
	}

	UserId member(DSLContext sql, OrgId org, UserRef ref) {
		var found = sql.select(ORG_MEMBERS.USER_ID)
			.from(ORG_MEMBERS)
			.join(USERS)
			.on(USERS.ID.eq(ORG_MEMBERS.USER_ID))
			.where(ORG_MEMBERS.ORG_ID.eq(org.value()))
			.and(ref.id() != null ? USERS.ID.eq(ref.id())
					: USERS.EMAIL_INDEX.eq(userFields
						.emailIndex(Emails.normalize(ref.field(), java.util.Objects.requireNonNull(ref.email())))))
			.fetchOptional(ORG_MEMBERS.USER_ID);
		return found.map(UserId::new)
			.orElseThrow(() -> new InvalidInput(ref.field(), "is not a member of this organization"));
	}

}
