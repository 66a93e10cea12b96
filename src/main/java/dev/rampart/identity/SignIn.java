package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.TOTP_CREDENTIALS;
import static dev.rampart.db.schema.Tables.USERS;
import static dev.rampart.db.schema.Tables.USER_SESSIONS;
import static dev.rampart.db.schema.Tables.WEBAUTHN_CREDENTIALS;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Emails;
import dev.rampart.shared.SessionId;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Record3;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Signing in and out: the password step (throttled, the same answer for an unknown
 * account and a wrong password), the second factor, the session it opens, and sign-out.
 * Each step runs its SQL in a database context that lets row-level security show only the
 * one account or session it names.
 */
@Service
public class SignIn {

	/**
	 * Hash checked when the account does not exist, so both failures take the same time.
	 */
	private final String decoyHash;

	private final Database db;

	private final PasswordEncoder passwords;

	private final IdentitySettings settings;

	private final Clock clock;

	private final SignInThrottle throttle;

	private final KnownDevices knownDevices;

	private final UserFields fields;

	private final OneTimeTokens oneTimeTokens;

	private final SecondFactors secondFactors;

	private final SecurityAlerts alerts;

	private final ApplicationEventPublisher events;

	private final CredentialPolicies credentials;

	SignIn(CredentialPolicies credentials, ApplicationEventPublisher events, Database db, PasswordEncoder passwords,
			IdentitySettings settings, Clock clock, SignInThrottle throttle, KnownDevices knownDevices,
			UserFields fields, OneTimeTokens oneTimeTokens, SecondFactors secondFactors, SecurityAlerts alerts) {
		this.credentials = credentials;
		this.events = events;
		this.db = db;
		this.passwords = passwords;
		this.settings = settings;
		this.clock = clock;
		this.throttle = throttle;
		this.knownDevices = knownDevices;
		this.fields = fields;
		this.oneTimeTokens = oneTimeTokens;
		this.secondFactors = secondFactors;
		this.alerts = alerts;
		this.decoyHash = passwords.encode(SessionTokens.newToken());
	}

	/**
	 * Checks the password and opens a session. Unknown account and wrong password both
	 * end in {@link InvalidCredentials} after one BCrypt comparison. Throttled per
	 * account (per device instead when {@code deviceToken} is a known device of the
	 * account) and per {@code sourceAddress} ({@link SignInThrottled}, checked before any
	 * hashing).
	 */
	public SignInResult signIn(String email, String password, String sourceAddress, @Nullable String deviceToken) {
		return signIn(email, password, sourceAddress, null, deviceToken);
	}

	/**
	 * {@link #signIn(String, String, String, String)} with the client's user agent, kept
	 * (sealed) with the session so its owner can tell their sessions apart. An account
	 * with a second factor gets a {@link MfaChallenge} instead of a session.
	 */
	public SignInResult signIn(String email, String password, String sourceAddress, @Nullable String userAgent,
			@Nullable String deviceToken) {
		String normalizedEmail;
		try {
			normalizedEmail = Emails.normalize("email", email);
		}
		catch (RuntimeException malformed) {
			normalizedEmail = null;
		}
		// The account is named by its blind index from here on: throttle keys and the
		// row-level security lookup never carry the address.
		byte[] index = fields.emailIndex(normalizedEmail == null ? "(malformed)" : normalizedEmail);
		Optional<String> device = normalizedEmail == null ? Optional.empty()
				: knownDevices.throttleKeyFor(deviceToken, index);
		throttle.check(index, sourceAddress, device);
		if (normalizedEmail == null) {
			passwords.matches(password, decoyHash);
			throttle.failed(index, sourceAddress, device);
			throw new InvalidCredentials();
		}
		Optional<Record3<UUID, String, Boolean>> account = db.read(DbContext.emailLookup(index),
				sql -> sql.select(USERS.ID, USERS.PASSWORD_HASH, USERS.MFA_ENROLLED)
					.from(USERS)
					.where(USERS.EMAIL_INDEX.eq(index))
					.fetchOptional());
		String storedHash = account.map(Record3::value2).orElse(decoyHash);
		boolean matches = passwords.matches(password, storedHash);
		if (account.isEmpty() || !matches) {
			account.ifPresent(a -> events.publishEvent(new IdentityEvent.SignInFailed(new UserId(a.value1()))));
			throttle.failed(index, sourceAddress, device);
			throw new InvalidCredentials();
		}
		throttle.succeeded(index, device);
		UserId userId = new UserId(account.get().value1());
		String upgradedHash = passwords.upgradeEncoding(storedHash) ? passwords.encode(password) : null;
		if (upgradedHash != null) {
			db.housekeeping(DbContext.user(userId),
					sql -> sql.update(USERS)
						.set(USERS.PASSWORD_HASH, upgradedHash)
						.where(USERS.ID.eq(userId.value()))
						.execute());
		}
		if (Boolean.TRUE.equals(account.get().value3())) {
			return challenge(userId);
		}
		String keptDevice = knownDevices.remember(userId, device.isPresent() ? deviceToken : null);
		return openSession(userId, keptDevice, device.isEmpty(), false, sourceAddress, userAgent);
	}

	/**
	 * The password was right; the second factor comes next, with this single-use
	 * challenge.
	 */
	private MfaChallenge challenge(UserId user) {
		events.publishEvent(new IdentityEvent.SecondFactorRequired(user));
		return db.housekeeping(DbContext.user(user), sql -> {
			String token = oneTimeTokens.issue(sql, OneTimeTokens.Purpose.MFA_CHALLENGE, user,
					settings.mfaChallengeLifetime());
			boolean totp = sql.fetchExists(TOTP_CREDENTIALS,
					TOTP_CREDENTIALS.USER_ID.eq(user.value()).and(TOTP_CREDENTIALS.CONFIRMED_AT.isNotNull()));
			boolean passkey = sql.fetchExists(WEBAUTHN_CREDENTIALS, WEBAUTHN_CREDENTIALS.USER_ID.eq(user.value()));
			return new MfaChallenge(token, clock.instant().plus(settings.mfaChallengeLifetime()), totp, passkey);
		});
	}

	/**
	 * The second step of signing in: the challenge from the password step and a TOTP or
	 * recovery code. Throttled like passwords (per account and per address); the
	 * challenge works once.
	 */
	public IssuedSession completeSignIn(String challenge, String code, String sourceAddress, @Nullable String userAgent,
			@Nullable String deviceToken) {
		Optional<UserId> user = oneTimeTokens.peek(OneTimeTokens.Purpose.MFA_CHALLENGE, challenge);
		if (user.isEmpty()) {
			throw new InvalidToken();
		}
		UserId userId = user.get();
		byte[] account = secondFactorKey(userId);
		throttle.check(account, sourceAddress, Optional.empty());
		try {
			db.write(DbContext.user(userId), sql -> {
				if (!secondFactors.verify(sql, userId, code)) {
					throw new InvalidCredentials(); // inside: no success entry commits
													// for a wrong code
				}
				return null;
			});
		}
		catch (InvalidCredentials wrong) {
			events.publishEvent(new IdentityEvent.SignInFailed(userId));
			throttle.failed(account, sourceAddress, Optional.empty());
			throw wrong;
		}
		if (oneTimeTokens.redeem(OneTimeTokens.Purpose.MFA_CHALLENGE, challenge).isEmpty()) {
			throw new InvalidToken();
		}
		throttle.succeeded(account, Optional.empty());
		return openSessionAfterSecondFactor(userId, sourceAddress, userAgent, deviceToken);
	}

	/** Finishes a sign-in whose second factor (a code, or a passkey) has been checked. */
	IssuedSession openSessionAfterSecondFactor(UserId userId, String sourceAddress, @Nullable String userAgent,
			@Nullable String deviceToken) {
		boolean known = deviceToken != null && knownDevices.belongsTo(userId, deviceToken);
		String keptDevice = knownDevices.remember(userId, known ? deviceToken : null);
		return openSession(userId, keptDevice, !known, true, sourceAddress, userAgent);
	}

	/**
	 * The throttle key of an account's second-factor attempts (apart from its password
	 * attempts).
	 */
	private static byte[] secondFactorKey(UserId user) {
		return SessionTokens
			.sha256Bytes(("second-factor:" + user.value()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private IssuedSession openSession(UserId userId, String deviceToken, boolean newDevice, boolean secondFactor,
			String sourceAddress, @Nullable String userAgent) {
		String token = SessionTokens.newToken();
		Instant now = Clocks.now(clock);
		Instant expiresAt = now.plus(settings.sessionAbsoluteTimeout());
		SessionId sessionId = SessionId.random();
		events.publishEvent(new IdentityEvent.SessionOpened(userId, sessionId));
		String device = userAgent == null || userAgent.isBlank() ? null
				: userAgent.length() > 200 ? userAgent.substring(0, 200) : userAgent;
		db.write(DbContext.user(userId), sql -> {
			boolean signedInBefore = sql.fetchExists(USER_SESSIONS, USER_SESSIONS.USER_ID.eq(userId.value()));
			boolean mfaEnrolled = Boolean.TRUE.equals(sql.select(USERS.MFA_ENROLLED)
				.from(USERS)
				.where(USERS.ID.eq(userId.value()))
				.fetchOne(USERS.MFA_ENROLLED));
			sql.insertInto(USER_SESSIONS)
				.set(USER_SESSIONS.ID, sessionId.value())
				.set(USER_SESSIONS.USER_ID, userId.value())
				.set(USER_SESSIONS.TOKEN_HASH, SessionTokens.sha256(token))
				.set(USER_SESSIONS.CREATED_AT, now)
				.set(USER_SESSIONS.LAST_SEEN_AT, now)
				.set(USER_SESSIONS.EXPIRES_AT, expiresAt)
				.set(USER_SESSIONS.PROVEN_AT, now)
				.set(USER_SESSIONS.SECOND_FACTOR, secondFactor)
				.set(USER_SESSIONS.MFA_ENROLLED, mfaEnrolled)
				.set(USER_SESSIONS.DEVICE,
						device == null ? null : fields.sealSessionField(sessionId, SESSION_DEVICE, device))
				.set(USER_SESSIONS.ADDRESS, fields.sealSessionField(sessionId, SESSION_ADDRESS, sourceAddress))
				.execute();
			if (newDevice && signedInBefore) {
				alerts.send(sql, userId, "A sign-in from a new device", device, sourceAddress);
			}
			return null;
		});
		return new IssuedSession(sessionId, userId, token, expiresAt, deviceToken);
	}

	static final String SESSION_DEVICE = "device";

	static final String SESSION_ADDRESS = "address";

	/** Revokes the actor's current session; its token never works again. */
	public void signOut(Actor actor) {
		credentials.requireMayChange(actor);
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()),
				sql -> sql.update(USER_SESSIONS)
					.set(USER_SESSIONS.REVOKED_AT, now)
					.where(USER_SESSIONS.ID.eq(actor.sessionId().value()))
					.and(USER_SESSIONS.REVOKED_AT.isNull())
					.execute());
	}

}
