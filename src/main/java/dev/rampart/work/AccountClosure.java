package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORGANIZATIONS;
import static dev.rampart.db.schema.Tables.ORG_MEMBERS;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.access.PlatformAccess;
import dev.rampart.access.OrgRole;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.identity.AccountErasure;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.OrgId;
import java.time.Clock;
import java.util.List;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * A user deletes their own account (after a step-up): they leave every organization, and
 * the account is erased ({@link AccountErasure}), in one transaction. Refused while they
 * are the last owner of an organization, naming those organizations. What they authored
 * stays, attributed to "deleted user".
 */
@Service
public class AccountClosure {

	private final Database db;

	private final StepUpPolicy stepUp;

	private final AccountErasure erasure;

	private final FieldCipher cipher;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final CredentialPolicies credentials;

	private final PlatformAccess platform;

	AccountClosure(CredentialPolicies credentials, PlatformAccess platform, ApplicationEventPublisher events,
			Database db, StepUpPolicy stepUp, AccountErasure erasure, FieldCipher cipher, Clock clock) {
		this.credentials = credentials;
		this.platform = platform;
		this.events = events;
		this.db = db;
		this.stepUp = stepUp;
		this.erasure = erasure;
		this.cipher = cipher;
		this.clock = clock;
	}

	public void delete(Actor actor) {
		credentials.requireMayChange(actor);
		stepUp.require(actor);
		platform.requireNoPlatformRole(actor.userId());
		db.write(DbContext.user(actor.userId()), sql -> {
			var owners = ORG_MEMBERS.as("owners");
			List<String> lastOwned = sql.select(ORGANIZATIONS.ID, ORGANIZATIONS.NAME, ORGANIZATIONS.PLAIN)
				.from(ORG_MEMBERS)
				.join(ORGANIZATIONS)
				.on(ORGANIZATIONS.ID.eq(ORG_MEMBERS.ORG_ID))
				.where(ORG_MEMBERS.USER_ID.eq(actor.userId().value()))
				.and(ORG_MEMBERS.ROLE.eq(OrgRole.OWNER.wireName()))
				.and(DSL.selectCount()
					.from(owners)
					.where(owners.ORG_ID.eq(ORG_MEMBERS.ORG_ID))
					.and(owners.ROLE.eq(OrgRole.OWNER.wireName()))
					.asField()
					.le(1))
				.fetch(r -> cipher.open(new OrgId(r.value1()), FieldCipher.Column.ORG_NAME, r.value1(), r.value2(),
						r.value3()));
			if (!lastOwned.isEmpty()) {
				throw new Conflict("you are the last owner of " + String.join(", ", lastOwned)
						+ ": make another member an owner, or delete the organization, first");
			}
			for (var org : sql.select(ORG_MEMBERS.ORG_ID)
				.from(ORG_MEMBERS)
				.where(ORG_MEMBERS.USER_ID.eq(actor.userId().value()))
				.fetch(ORG_MEMBERS.ORG_ID)) {
				Organizations.leave(sql, new OrgId(org), actor.userId());
			}
			erasure.erase(sql, actor.userId(), Clocks.now(clock));
			events.publishEvent(new WorkEvent.AccountClosed(actor.userId()));
			return null;
		});
	}

}
