package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.TextFields;
import java.time.Clock;
import org.springframework.stereotype.Service;

/** What users change about themselves that is not a credential: the name others see. */
@Service
public class Profiles {

	private final Database db;

	private final UserFields fields;

	private final Accounts accounts;

	private final Clock clock;

	private final CredentialPolicies credentials;

	Profiles(CredentialPolicies credentials, Database db, UserFields fields, Accounts accounts, Clock clock) {
		this.credentials = credentials;
		this.db = db;
		this.fields = fields;
		this.accounts = accounts;
		this.clock = clock;
	}

	/** Changes the caller's display name (sealed like the one given at sign-up). */
	public UserProfile changeDisplayName(Actor actor, String displayName) {
		credentials.requireMayChange(actor);
		String valid = TextFields.name("displayName", displayName, Accounts.DISPLAY_NAME_MAX);
		db.write(DbContext.user(actor.userId()),
				sql -> sql.update(USERS)
					.set(USERS.DISPLAY_NAME, fields.sealDisplayName(actor.userId(), valid))
					.setNull(USERS.DISPLAY_NAME_PLAIN)
					.set(USERS.UPDATED_AT, Clocks.now(clock))
					.where(USERS.ID.eq(actor.userId().value()))
					.execute());
		return accounts.profile(actor);
	}

}
