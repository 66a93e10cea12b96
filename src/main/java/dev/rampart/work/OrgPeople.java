package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORG_MEMBERS;

import dev.rampart.identity.AccountDirectory;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import dev.rampart.shared.UserRef;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Finds a member of an organization named by id or by email (project members, grantees,
 * assignees).
 */
@Component
class OrgPeople {

	private final AccountDirectory directory;

	OrgPeople(AccountDirectory directory) {
		this.directory = directory;
	}

	UserId member(DSLContext sql, OrgId org, UserRef ref) {
		Optional<UserId> named = ref.id() != null ? Optional.of(new UserId(ref.id()))
				: directory.withEmail(sql, ref.field(), Objects.requireNonNull(ref.email()));
		return named
			.filter(user -> sql.fetchExists(ORG_MEMBERS,
					ORG_MEMBERS.ORG_ID.eq(org.value()).and(ORG_MEMBERS.USER_ID.eq(user.value()))))
			.orElseThrow(() -> new InvalidInput(ref.field(), "is not a member of this organization"));
	}

}
