package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.mail.MailMessage;
import dev.rampart.mail.Outbox;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Emails;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Creating accounts: sign-up with the password policy and a confirmation link, accounts
 * whose address an invitation already proved, and password hashes for operator tools.
 */
@Service
public class SignUp {

	private final Database db;

	private final PasswordEncoder passwords;

	private final PasswordPolicy policy;

	private final IdentitySettings settings;

	private final Clock clock;

	private final UserFields fields;

	private final OneTimeTokens oneTimeTokens;

	private final Outbox outbox;

	private final MailLinks links;

	private final ApplicationEventPublisher events;

	SignUp(ApplicationEventPublisher events, Database db, PasswordEncoder passwords, PasswordPolicy policy,
			IdentitySettings settings, Clock clock, UserFields fields, OneTimeTokens oneTimeTokens, Outbox outbox,
			MailLinks links) {
		this.events = events;
		this.db = db;
		this.passwords = passwords;
		this.policy = policy;
		this.settings = settings;
		this.clock = clock;
		this.fields = fields;
		this.oneTimeTokens = oneTimeTokens;
		this.outbox = outbox;
		this.links = links;
	}

	/**
	 * Creates an account after checking the password policy; empty when the address
	 * already has one. The hash is computed either way, so both outcomes take the same
	 * time; the public sign-up answer does not tell them apart (no account enumeration).
	 */
	public Optional<UserProfile> signUp(String email, String displayName, String password) {
		String normalizedEmail = Emails.normalize("email", email);
		String name = TextFields.name("displayName", displayName, Accounts.DISPLAY_NAME_MAX);
		UserId id = UserId.random();
		Instant now = Clocks.now(clock);
		boolean created = create(id, normalizedEmail, name, password, now, false);
		if (!created) {
			return Optional.empty();
		}
		return Optional.of(new UserProfile(id, normalizedEmail, name, now, false));
	}

	/**
	 * Creates an account whose address is already confirmed (its owner followed an
	 * invitation link sent to it); empty when the address has an account.
	 */
	public Optional<UserId> createVerified(String email, String displayName, String password) {
		String normalizedEmail = Emails.normalize("email", email);
		String name = TextFields.name("displayName", displayName, Accounts.DISPLAY_NAME_MAX);
		UserId id = UserId.random();
		return create(id, normalizedEmail, name, password, Clocks.now(clock), true) ? Optional.of(id)
				: Optional.empty();
	}

	/**
	 * Inserts the account after the password policy, the hash computed either way (both
	 * outcomes take the same time); false when the address already has one. An address
	 * not yet proven gets its confirmation link in the same transaction.
	 */
	private boolean create(UserId id, String email, String name, String password, Instant now, boolean verified) {
		policy.check(password, email, name);
		String hash = passwords.encode(password);
		return db.write(DbContext.user(id), sql -> {
			int rows = recordSignUp(id,
					sql.insertInto(USERS)
						.set(USERS.ID, id.value())
						.set(USERS.EMAIL_INDEX, fields.emailIndex(email))
						.set(USERS.EMAIL, fields.sealEmail(id, email))
						.set(USERS.DISPLAY_NAME, fields.sealDisplayName(id, name))
						.set(USERS.PASSWORD_HASH, hash)
						.set(USERS.EMAIL_VERIFIED_AT, verified ? now : null)
						.set(USERS.CREATED_AT, now)
						.set(USERS.UPDATED_AT, now)
						.onConflictDoNothing()
						.execute());
			if (rows == 1 && !verified) {
				sendVerification(sql, id, email, name);
			}
			return rows;
		}) == 1;
	}

	/**
	 * A verification link to the address, in {@code sql}'s transaction (the user's own).
	 */
	void sendVerification(DSLContext sql, UserId user, String email, String name) {
		String token = oneTimeTokens.issue(sql, OneTimeTokens.Purpose.VERIFY_EMAIL, user,
				settings.emailVerificationLifetime());
		outbox.enqueue(sql, "verify-email",
				new MailMessage(email, "verify-email", "Confirm your email address for Rampart",
						Map.of("name", name, "link", links.link("verify-email", token))));
	}

	/** Says what the sign-up did, in its transaction. */
	private int recordSignUp(UserId id, int inserted) {
		events.publishEvent(
				inserted == 0 ? new IdentityEvent.SignUpForRegisteredAddress() : new IdentityEvent.AccountCreated(id));
		return inserted;
	}

	/**
	 * The stored form of a password that passes the policy, for operator tools that
	 * create users in bulk (the seeder). The password itself is not kept.
	 */
	public String passwordHashFor(String password, String email, String displayName) {
		policy.check(password, email, displayName);
		return passwords.encode(password);
	}

}
