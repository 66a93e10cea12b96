package dev.rampart.identity;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.SessionId;
import dev.rampart.shared.UserId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What happened to accounts and their credentials, published through Spring's
 * {@code ApplicationEventPublisher} as it happens (inside the transaction of a change).
 * Events carry ids and counts, never addresses, names or secrets.
 */
public sealed interface IdentityEvent {

	record AccountCreated(UserId user) implements IdentityEvent {
	}

	/** A sign-up named an address that already has an account (nothing was created). */
	record SignUpForRegisteredAddress() implements IdentityEvent {
	}

	/** A sign-in to this account failed (wrong password or second factor). */
	record SignInFailed(UserId user) implements IdentityEvent {
	}

	/** The password was right; the account's second factor comes next. */
	record SecondFactorRequired(UserId user) implements IdentityEvent {
	}

	/**
	 * A second factor proved the user: {@code method} is TOTP, recovery code or passkey.
	 */
	record SecondFactorUsed(UserId user, String method) implements IdentityEvent {
	}

	/** A passkey's answer did not verify ({@code reason}: the exception type). */
	record PasskeyRefused(String reason) implements IdentityEvent {
	}

	record SessionOpened(UserId user, SessionId session) implements IdentityEvent {
	}

	record SessionRevoked(SessionId session) implements IdentityEvent {
	}

	/**
	 * A mailed link's token was used: the link proves its user, who is now the one
	 * acting.
	 */
	record LinkFollowed(UserId user) implements IdentityEvent {
	}

	record ApiTokenCreated(UUID token, @Nullable OrgId org) implements IdentityEvent {
	}

	record ApiTokenRevoked(UUID token) implements IdentityEvent {
	}

	record PasskeyAdded(UserId user, String credential) implements IdentityEvent {
	}

	record PasskeyRemoved(UserId user, String credential) implements IdentityEvent {
	}

	record PasswordChanged(UserId user, int otherSessionsEnded) implements IdentityEvent {
	}

	/**
	 * A reset was asked for; {@code mailed} is false when the hourly limit held the mail
	 * back.
	 */
	record PasswordResetRequested(UserId user, boolean mailed) implements IdentityEvent {
	}

	record PasswordReset(UserId user, int sessionsEnded) implements IdentityEvent {
	}

}
