package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.TOTP_CREDENTIALS;
import static dev.rampart.db.schema.Tables.USERS;
import static dev.rampart.db.schema.Tables.USER_SESSIONS;
import static dev.rampart.db.schema.Tables.WEBAUTHN_CREDENTIALS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.mail.MailMessage;
import dev.rampart.mail.Outbox;
import dev.rampart.shared.Activity;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.SessionId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.jooq.Record5;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Sign-up, sign-in, sign-out and session checks. Each method runs its SQL in a database
 * context that lets row-level security show only the one account or session the step
 * names.
 */
@Service
public class Accounts {

	public static final int DISPLAY_NAME_MAX = 100;

	/** Sessions seen more recently than this are not written again on each request. */
	private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);

	private final Database db;

	private final PasswordEncoder passwords;

	private final PasswordPolicy policy;

	private final IdentitySettings settings;

	private final Clock clock;

	/**
	 * Hash checked when the account does not exist, so both failures take the same time.
	 */
	private final String decoyHash;

	private final SignInThrottle throttle;

	private final KnownDevices knownDevices;

	private final UserFields fields;

	private final OneTimeTokens oneTimeTokens;

	private final Outbox outbox;

	private final MailLinks links;

	private final SecondFactors secondFactors;

	private final SecurityAlerts alerts;

	private final ApiTokens apiTokens;

	Accounts(Database db, PasswordEncoder passwords, PasswordPolicy policy, IdentitySettings settings, Clock clock,
			SignInThrottle throttle, KnownDevices knownDevices, UserFields fields, OneTimeTokens oneTimeTokens,
			Outbox outbox, MailLinks links, SecondFactors secondFactors, SecurityAlerts alerts, ApiTokens apiTokens) {
		this.db = db;
		this.fields = fields;
		this.oneTimeTokens = oneTimeTokens;
		this.outbox = outbox;
		this.links = links;
		this.secondFactors = secondFactors;
		this.alerts = alerts;
		this.apiTokens = apiTokens;
		this.throttle = throttle;
		this.knownDevices = knownDevices;
		this.passwords = passwords;
		this.policy = policy;
		this.settings = settings;
		this.clock = clock;
		this.decoyHash = passwords.encode(SessionTokens.newToken());
	}

	/**
	 * Creates an account after checking the password policy; empty when the address
	 * already has one. The hash is computed either way, so both outcomes take the same
	 * time; the public sign-up answer does not tell them apart (no account enumeration).
	 */
	public Optional<UserProfile> signUp(String email, String displayName, String password) {
		String normalizedEmail = Emails.normalize("email", email);
		String name = TextFields.name("displayName", displayName, DISPLAY_NAME_MAX);
		policy.check(password, normalizedEmail, name);
		String hash = passwords.encode(password);
		UserId id = UserId.random();
		Instant now = Clocks.now(clock);
		int inserted = db.write(DbContext.user(id), sql -> {
			int rows = recordSignUp(id,
					sql.insertInto(USERS)
						.set(USERS.ID, id.value())
						.set(USERS.EMAIL_INDEX, fields.emailIndex(normalizedEmail))
						.set(USERS.EMAIL, fields.sealEmail(id, normalizedEmail))
						.set(USERS.DISPLAY_NAME, fields.sealDisplayName(id, name))
						.set(USERS.PASSWORD_HASH, hash)
						.set(USERS.CREATED_AT, now)
						.set(USERS.UPDATED_AT, now)
						.onConflictDoNothing()
						.execute());
			if (rows == 1) {
				sendVerification(sql, id, normalizedEmail, name);
			}
			return rows;
		});
		if (inserted == 0) {
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
		String name = TextFields.name("displayName", displayName, DISPLAY_NAME_MAX);
		policy.check(password, normalizedEmail, name);
		String hash = passwords.encode(password);
		UserId id = UserId.random();
		Instant now = Clocks.now(clock);
		int inserted = db.write(DbContext.user(id),
				sql -> recordSignUp(id,
						sql.insertInto(USERS)
							.set(USERS.ID, id.value())
							.set(USERS.EMAIL_INDEX, fields.emailIndex(normalizedEmail))
							.set(USERS.EMAIL, fields.sealEmail(id, normalizedEmail))
							.set(USERS.DISPLAY_NAME, fields.sealDisplayName(id, name))
							.set(USERS.PASSWORD_HASH, hash)
							.set(USERS.EMAIL_VERIFIED_AT, now)
							.set(USERS.CREATED_AT, now)
							.set(USERS.UPDATED_AT, now)
							.onConflictDoNothing()
							.execute()));
		return inserted == 1 ? Optional.of(id) : Optional.empty();
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

	/**
	 * Tells the activity log (written as this transaction commits) what the sign-up did.
	 */
	private static int recordSignUp(UserId id, int inserted) {
		if (inserted == 0) {
			Activity.detail("the address already has an account");
		}
		else {
			Activity.created("user", id.value(), null);
		}
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
		// row-level
		// security lookup never carry the address.
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
		account.ifPresent(a -> Activity.about("user", a.value1(), null));
		if (account.isEmpty() || !matches) {
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
		Activity.about("user", user.value(), null);
		Activity.detail("password accepted; second factor required");
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
		Activity.about("user", userId.value(), null);
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
		Activity.actor(userId, sessionId);
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

	/**
	 * The actor a presented token stands for, if it is well formed, known, not revoked,
	 * not past its absolute expiry and not idle for longer than allowed.
	 */
	public Optional<Actor> authenticate(String token) {
		if (token.startsWith(ApiTokens.PREFIX)) {
			return apiTokens.authenticate(token);
		}
		Optional<byte[]> hash = SessionTokens.hashOf(token);
		if (hash.isEmpty()) {
			return Optional.empty();
		}
		Instant now = Clocks.now(clock);
		return db.housekeeping(DbContext.tokenLookup(hash.get()), sql -> {
			var session = sql
				.select(USER_SESSIONS.ID, USER_SESSIONS.USER_ID, USER_SESSIONS.LAST_SEEN_AT, USER_SESSIONS.EXPIRES_AT,
						USER_SESSIONS.REVOKED_AT, USER_SESSIONS.PROVEN_AT, USER_SESSIONS.SECOND_FACTOR,
						USER_SESSIONS.MFA_ENROLLED)
				.from(USER_SESSIONS)
				.where(USER_SESSIONS.TOKEN_HASH.eq(hash.get()))
				.fetchOptional();
			if (session.isEmpty() || session.get().value5() != null || !now.isBefore(session.get().value4())
					|| !now.isBefore(session.get().value3().plus(settings.sessionIdleTimeout()))) {
				return Optional.<Actor>empty();
			}
			if (session.get().value3().plus(TOUCH_INTERVAL).isBefore(now)) {
				sql.update(USER_SESSIONS)
					.set(USER_SESSIONS.LAST_SEEN_AT, now)
					.where(USER_SESSIONS.ID.eq(session.get().value1()))
					.execute();
			}
			var row = session.get();
			return Optional.of(new Actor(new UserId(row.value2()), new SessionId(row.value1()),
					Actor.Credential.session(Boolean.TRUE.equals(row.value8()), row.value7(), row.value6())));
		});
	}

	/** Revokes the actor's current session; its token never works again. */
	public void signOut(Actor actor) {
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()),
				sql -> sql.update(USER_SESSIONS)
					.set(USER_SESSIONS.REVOKED_AT, now)
					.where(USER_SESSIONS.ID.eq(actor.sessionId().value()))
					.and(USER_SESSIONS.REVOKED_AT.isNull())
					.execute());
	}

	public UserProfile profile(Actor actor) {
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.CREATED_AT, USERS.EMAIL_VERIFIED_AT)
					.from(USERS)
					.where(USERS.ID.eq(actor.userId().value()))
					.fetchOptional(this::toProfile))
			.orElseThrow(() -> new NotFound("user"));
	}

	/**
	 * Profiles by id, in one statement; ids of users the actor shares no organization
	 * with are left out (row-level security).
	 */
	public Map<UserId, UserProfile> profiles(Actor actor, Collection<UserId> ids) {
		List<UUID> values = ids.stream().map(UserId::value).distinct().toList();
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.CREATED_AT, USERS.EMAIL_VERIFIED_AT)
					.from(USERS)
					.where(USERS.ID.in(values))
					.fetch(this::toProfile))
			.stream()
			.collect(Collectors.toMap(UserProfile::id, p -> p));
	}

	/**
	 * The account with exactly this email, for adding an existing user to an
	 * organization. Only that one row is visible to the query, never a list.
	 */
	public Optional<UserId> findByEmail(Actor actor, String email) {
		byte[] index = fields.emailIndex(Emails.normalize("email", email));
		return db.read(DbContext.userWithEmailLookup(actor.userId(), index),
				sql -> sql.select(USERS.ID)
					.from(USERS)
					.where(USERS.EMAIL_INDEX.eq(index))
					.fetchOptional(r -> new UserId(r.value1())));
	}

	/**
	 * The account with this id, if the actor can see it (shares an organization with it).
	 */
	public Optional<UserId> findVisible(Actor actor, UserId user) {
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.select(USERS.ID)
					.from(USERS)
					.where(USERS.ID.eq(user.value()))
					.and(USERS.DELETED_AT.isNull())
					.fetchOptional(r -> new UserId(r.value1())));
	}

	/**
	 * Whether the account's email address has been confirmed (by the verification link or
	 * an invitation).
	 */
	public boolean emailVerified(UserId user) {
		return db
			.read(DbContext.user(user),
					sql -> sql.select(USERS.EMAIL_VERIFIED_AT)
						.from(USERS)
						.where(USERS.ID.eq(user.value()))
						.fetchOptional(USERS.EMAIL_VERIFIED_AT))
			.isPresent();
	}

	private UserProfile toProfile(Record5<UUID, byte[], byte[], Instant, Instant> r) {
		return new UserProfile(new UserId(r.value1()), fields.email(r.value1(), r.value2()),
				fields.displayName(r.value1(), r.value3()), r.value4(), r.value5() != null);
	}

}
