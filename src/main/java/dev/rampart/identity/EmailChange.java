package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.mail.MailMessage;
import dev.rampart.mail.Outbox;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.Emails;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Changing the account's email (after a step-up): the new address gets a confirmation
 * link and replaces the old one only when it is followed; the old address is told.
 * Whether the new address already has an account is not revealed to the requester: that
 * address gets a note instead of a link.
 */
@Service
public class EmailChange {

	private final Database db;

	private final UserFields fields;

	private final OneTimeTokens tokens;

	private final Outbox outbox;

	private final MailLinks links;

	private final SecurityAlerts alerts;

	private final StepUpPolicy stepUp;

	private final IdentitySettings settings;

	private final Clock clock;

	private final CredentialPolicies credentials;

	EmailChange(CredentialPolicies credentials, Database db, UserFields fields, OneTimeTokens tokens, Outbox outbox,
			MailLinks links, SecurityAlerts alerts, StepUpPolicy stepUp, IdentitySettings settings, Clock clock) {
		this.credentials = credentials;
		this.db = db;
		this.fields = fields;
		this.tokens = tokens;
		this.outbox = outbox;
		this.links = links;
		this.alerts = alerts;
		this.stepUp = stepUp;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Starts the change: a link to the new address (or, if it has an account, a note to
	 * it).
	 */
	public void request(Actor actor, String newEmail) {
		credentials.requireMayChange(actor);
		String normalized = Emails.normalize("email", newEmail);
		stepUp.require(actor);
		UserId user = actor.userId();
		byte[] index = fields.emailIndex(normalized);
		db.write(DbContext.userWithEmailLookup(user, index), sql -> {
			var taken = sql.select(USERS.ID).from(USERS).where(USERS.EMAIL_INDEX.eq(index)).fetchOptional(USERS.ID);
			if (taken.isPresent()) {
				if (!taken.get().equals(user.value())) {
					outbox.enqueue(sql, "email-change-taken", new MailMessage(normalized, "email-change-taken",
							"Rampart: this address already has an account", Map.of()));
				}
				return null;
			}
			tokens.requireFewRecent(sql, OneTimeTokens.Purpose.CHANGE_EMAIL, user, settings.resetMailsPerHour());
			sql.update(USERS)
				.set(USERS.PENDING_EMAIL, fields.sealPendingEmail(user, normalized))
				.set(USERS.PENDING_EMAIL_INDEX, index)
				.where(USERS.ID.eq(user.value()))
				.execute();
			String name = fields.displayName(user.value(),
					sql.select(USERS.DISPLAY_NAME)
						.from(USERS)
						.where(USERS.ID.eq(user.value()))
						.fetchSingle(USERS.DISPLAY_NAME));
			String token = tokens.issue(sql, OneTimeTokens.Purpose.CHANGE_EMAIL, user,
					settings.emailVerificationLifetime());
			outbox.enqueue(sql, "change-email",
					new MailMessage(normalized, "change-email", "Confirm your new address for Rampart",
							Map.of("name", name, "link", links.link("confirm-email-change", token))));
			return null;
		});
	}

	/**
	 * Follows the link: the pending address becomes the account's, confirmed; the old
	 * address is told.
	 */
	public void confirm(String token) {
		// A link whose change is no longer pending is refused without being used up.
		UserId holder = tokens.peek(OneTimeTokens.Purpose.CHANGE_EMAIL, token).orElseThrow(InvalidToken::new);
		if (db.read(DbContext.user(holder),
				sql -> sql.select(USERS.PENDING_EMAIL)
					.from(USERS)
					.where(USERS.ID.eq(holder.value()))
					.fetchSingle(USERS.PENDING_EMAIL)) == null) {
			throw new InvalidToken();
		}
		UserId user = tokens.redeemForLink(OneTimeTokens.Purpose.CHANGE_EMAIL, token);
		Instant now = clock.instant();
		db.write(DbContext.user(user), sql -> {
			var row = sql.select(USERS.PENDING_EMAIL, USERS.PENDING_EMAIL_INDEX)
				.from(USERS)
				.where(USERS.ID.eq(user.value()))
				.fetchSingle();
			if (row.value1() == null) {
				throw new InvalidToken();
			}
			String newEmail = fields.pendingEmail(user.value(), row.value1());
			alerts.send(sql, user, "Your email address was changed to " + newEmail, null, null);
			try {
				sql.update(USERS)
					.set(USERS.EMAIL, fields.sealEmail(user, newEmail))
					.set(USERS.EMAIL_INDEX, row.value2())
					.set(USERS.EMAIL_VERIFIED_AT, now)
					.setNull(USERS.PENDING_EMAIL)
					.setNull(USERS.PENDING_EMAIL_INDEX)
					.set(USERS.UPDATED_AT, now)
					.where(USERS.ID.eq(user.value()))
					.execute();
			}
			catch (org.springframework.dao.DuplicateKeyException taken) {
				throw new Conflict("the address has been taken by another account meanwhile");
			}
			return null;
		});
	}

}
