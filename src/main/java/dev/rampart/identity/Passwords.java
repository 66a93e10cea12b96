package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.mail.MailMessage;
import dev.rampart.mail.Outbox;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Emails;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Changing a password (knowing the current one, after a step-up; other sessions end) and
 * resetting a forgotten one by email (a single-use link for 30 minutes; every session
 * ends). Asking for a reset answers the same whether or not the address has an account:
 * either way one mail is queued (the link, or a note that no account uses the address).
 */
@Service
public class Passwords {

	private final Database db;

	private final PasswordEncoder passwords;

	private final PasswordPolicy policy;

	private final UserFields fields;

	private final OneTimeTokens tokens;

	private final Outbox outbox;

	private final MailLinks links;

	private final SecurityAlerts alerts;

	private final StepUpPolicy stepUp;

	private final IdentitySettings settings;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final CredentialPolicies credentials;

	Passwords(CredentialPolicies credentials, ApplicationEventPublisher events, Database db, PasswordEncoder passwords,
			PasswordPolicy policy, UserFields fields, OneTimeTokens tokens, Outbox outbox, MailLinks links,
			SecurityAlerts alerts, StepUpPolicy stepUp, IdentitySettings settings, Clock clock) {
		this.credentials = credentials;
		this.events = events;
		this.db = db;
		this.passwords = passwords;
		this.policy = policy;
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
	 * A new password for the signed-in user: the current one must match; other sessions
	 * end.
	 */
	public void change(Actor actor, String currentPassword, String newPassword) {
		credentials.requireMayChange(actor);
		stepUp.require(actor);
		UserId user = actor.userId();
		db.write(DbContext.user(user), sql -> {
			var account = sql.select(USERS.PASSWORD_HASH, USERS.EMAIL, USERS.DISPLAY_NAME)
				.from(USERS)
				.where(USERS.ID.eq(user.value()))
				.fetchSingle();
			if (!passwords.matches(currentPassword, account.value1())) {
				throw new InvalidInput("currentPassword", "is not the current password");
			}
			policy.check(newPassword, fields.email(user.value(), account.value2()),
					fields.displayName(user.value(), account.value3()));
			Instant now = clock.instant();
			sql.update(USERS)
				.set(USERS.PASSWORD_HASH, passwords.encode(newPassword))
				.set(USERS.UPDATED_AT, now)
				.where(USERS.ID.eq(user.value()))
				.execute();
			int ended = Sessions.revokeAll(sql, user, actor.sessionId(), now);
			events.publishEvent(new IdentityEvent.PasswordChanged(user, ended));
			alerts.send(sql, user, "Your password was changed", null, null);
			return null;
		});
	}

	/**
	 * Queues a reset link for the address, or a note that it has no account; the caller
	 * learns neither.
	 */
	public void requestReset(String email) {
		String normalized;
		try {
			normalized = Emails.normalize("email", email);
		}
		catch (RuntimeException malformed) {
			return;
		}
		byte[] index = fields.emailIndex(normalized);
		Optional<UserId> account = db.read(DbContext.emailLookup(index),
				sql -> sql.select(USERS.ID)
					.from(USERS)
					.where(USERS.EMAIL_INDEX.eq(index))
					.fetchOptional(r -> new UserId(r.value1())));
		if (account.isEmpty()) {
			db.write(DbContext.emailLookup(index), sql -> outbox.enqueue(sql, "reset-no-account",
					new MailMessage(normalized, "reset-no-account", "Rampart password reset", Map.of())));
			return;
		}
		UserId user = account.get();
		db.write(DbContext.user(user), sql -> {
			Instant hourAgo = clock.instant().minus(java.time.Duration.ofHours(1));
			if (tokens.issuedSince(sql, OneTimeTokens.Purpose.RESET_PASSWORD, user, hourAgo) >= settings
				.resetMailsPerHour()) {
				events.publishEvent(new IdentityEvent.PasswordResetRequested(user, false));
				return null;
			}
			var name = sql.select(USERS.DISPLAY_NAME)
				.from(USERS)
				.where(USERS.ID.eq(user.value()))
				.fetchSingle(USERS.DISPLAY_NAME);
			String token = tokens.issue(sql, OneTimeTokens.Purpose.RESET_PASSWORD, user,
					settings.passwordResetLifetime());
			outbox.enqueue(sql, "reset-password",
					new MailMessage(normalized, "reset-password", "Reset your Rampart password", Map.of("name",
							fields.displayName(user.value(), name), "link", links.link("reset-password", token))));
			events.publishEvent(new IdentityEvent.PasswordResetRequested(user, true));
			return null;
		});
	}

	/**
	 * Sets a new password with a reset link's token: every session of the account ends.
	 * The new password is judged before the link is used up, so a refused one leaves the
	 * link usable.
	 */
	public void completeReset(String token, String newPassword) {
		if (newPassword.isEmpty()) {
			throw new InvalidInput("password", "must not be empty");
		}
		UserId holder = tokens.peek(OneTimeTokens.Purpose.RESET_PASSWORD, token).orElseThrow(InvalidToken::new);
		db.read(DbContext.user(holder), sql -> {
			var account = sql.select(USERS.EMAIL, USERS.DISPLAY_NAME)
				.from(USERS)
				.where(USERS.ID.eq(holder.value()))
				.fetchSingle();
			policy.check(newPassword, fields.email(holder.value(), account.value1()),
					fields.displayName(holder.value(), account.value2()));
			return null;
		});
		UserId user = tokens.redeemForLink(OneTimeTokens.Purpose.RESET_PASSWORD, token);
		db.write(DbContext.user(user), sql -> {
			Instant now = clock.instant();
			sql.update(USERS)
				.set(USERS.PASSWORD_HASH, passwords.encode(newPassword))
				.set(USERS.UPDATED_AT, now)
				// Whoever could read the mail could reset: the address is proven.
				.set(USERS.EMAIL_VERIFIED_AT,
						org.jooq.impl.DSL.coalesce(USERS.EMAIL_VERIFIED_AT, org.jooq.impl.DSL.val(now)))
				.where(USERS.ID.eq(user.value()))
				.execute();
			int ended = Sessions.revokeAll(sql, user, null, now);
			events.publishEvent(new IdentityEvent.PasswordReset(user, ended));
			alerts.send(sql, user, "Your password was reset", null, null);
			return null;
		});
	}

}
