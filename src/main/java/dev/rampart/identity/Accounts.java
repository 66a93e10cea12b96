package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;
import static dev.rampart.db.schema.Tables.USER_SESSIONS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
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
import org.jooq.Record2;
import org.jooq.Record4;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Sign-up, sign-in, sign-out and session checks. Each method runs its SQL in a database context
 * that lets row-level security show only the one account or session the step names.
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

	/** Hash checked when the account does not exist, so both failures take the same time. */
	private final String decoyHash;

	private final SignInThrottle throttle;

	private final KnownDevices knownDevices;

	private final UserFields fields;

	Accounts(Database db, PasswordEncoder passwords, PasswordPolicy policy, IdentitySettings settings, Clock clock,
			SignInThrottle throttle, KnownDevices knownDevices, UserFields fields) {
		this.db = db;
		this.fields = fields;
		this.throttle = throttle;
		this.knownDevices = knownDevices;
		this.passwords = passwords;
		this.policy = policy;
		this.settings = settings;
		this.clock = clock;
		this.decoyHash = passwords.encode(SessionTokens.newToken());
	}

	/**
	 * Creates an account after checking the password policy; empty when the address already has
	 * one. The hash is computed either way, so both outcomes take the same time; the public
	 * sign-up answer does not tell them apart (no account enumeration).
	 */
	public Optional<UserProfile> signUp(String email, String displayName, String password) {
		String normalizedEmail = Emails.normalize("email", email);
		String name = TextFields.name("displayName", displayName, DISPLAY_NAME_MAX);
		policy.check(password, normalizedEmail, name);
		String hash = passwords.encode(password);
		UserId id = UserId.random();
		Instant now = Clocks.now(clock);
		int inserted = db.write(DbContext.user(id), sql -> recordSignUp(id, sql.insertInto(USERS)
			.set(USERS.ID, id.value())
			.set(USERS.EMAIL_INDEX, fields.emailIndex(normalizedEmail))
			.set(USERS.EMAIL, fields.sealEmail(id, normalizedEmail))
			.set(USERS.DISPLAY_NAME, fields.sealDisplayName(id, name))
			.set(USERS.PASSWORD_HASH, hash)
			.set(USERS.CREATED_AT, now)
			.set(USERS.UPDATED_AT, now)
			.onConflictDoNothing()
			.execute()));
		if (inserted == 0) {
			return Optional.empty();
		}
		return Optional.of(new UserProfile(id, normalizedEmail, name, now));
	}

	/** Tells the activity log (written as this transaction commits) what the sign-up did. */
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
	 * The stored form of a password that passes the policy, for operator tools that create users
	 * in bulk (the seeder). The password itself is not kept.
	 */
	public String passwordHashFor(String password, String email, String displayName) {
		policy.check(password, email, displayName);
		return passwords.encode(password);
	}

	/**
	 * Checks the password and opens a session. Unknown account and wrong password both end in
	 * {@link InvalidCredentials} after one BCrypt comparison. Throttled per account (per device
	 * instead when {@code deviceToken} is a known device of the account) and per
	 * {@code sourceAddress} ({@link SignInThrottled}, checked before any hashing).
	 */
	public IssuedSession signIn(String email, String password, String sourceAddress, @Nullable String deviceToken) {
		String normalizedEmail;
		try {
			normalizedEmail = Emails.normalize("email", email);
		}
		catch (RuntimeException malformed) {
			normalizedEmail = null;
		}
		// The account is named by its blind index from here on: throttle keys and the row-level
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
		Optional<Record2<UUID, String>> account = db.read(DbContext.emailLookup(index),
				sql -> sql.select(USERS.ID, USERS.PASSWORD_HASH)
					.from(USERS)
					.where(USERS.EMAIL_INDEX.eq(index))
					.fetchOptional());
		String storedHash = account.map(Record2::value2).orElse(decoyHash);
		boolean matches = passwords.matches(password, storedHash);
		account.ifPresent(a -> Activity.about("user", a.value1(), null));
		if (account.isEmpty() || !matches) {
			throttle.failed(index, sourceAddress, device);
			throw new InvalidCredentials();
		}
		throttle.succeeded(index, device);
		UserId userId = new UserId(account.get().value1());
		String upgradedHash = passwords.upgradeEncoding(storedHash) ? passwords.encode(password) : null;
		String keptDevice = knownDevices.remember(userId, device.isPresent() ? deviceToken : null);
		return openSession(userId, upgradedHash, keptDevice);
	}

	private IssuedSession openSession(UserId userId, String upgradedHash, String deviceToken) {
		String token = SessionTokens.newToken();
		Instant now = Clocks.now(clock);
		Instant expiresAt = now.plus(settings.sessionAbsoluteTimeout());
		SessionId sessionId = SessionId.random();
		Activity.actor(userId, sessionId);
		db.write(DbContext.user(userId), sql -> {
			if (upgradedHash != null) {
				sql.update(USERS).set(USERS.PASSWORD_HASH, upgradedHash).set(USERS.UPDATED_AT, now)
					.where(USERS.ID.eq(userId.value())).execute();
			}
			return sql.insertInto(USER_SESSIONS)
				.set(USER_SESSIONS.ID, sessionId.value())
				.set(USER_SESSIONS.USER_ID, userId.value())
				.set(USER_SESSIONS.TOKEN_HASH, SessionTokens.sha256(token))
				.set(USER_SESSIONS.CREATED_AT, now)
				.set(USER_SESSIONS.LAST_SEEN_AT, now)
				.set(USER_SESSIONS.EXPIRES_AT, expiresAt)
				.execute();
		});
		return new IssuedSession(sessionId, userId, token, expiresAt, deviceToken);
	}

	/**
	 * The actor a presented token stands for, if it is well formed, known, not revoked, not past
	 * its absolute expiry and not idle for longer than allowed.
	 */
	public Optional<Actor> authenticate(String token) {
		Optional<byte[]> hash = SessionTokens.hashOf(token);
		if (hash.isEmpty()) {
			return Optional.empty();
		}
		Instant now = Clocks.now(clock);
		return db.housekeeping(DbContext.tokenLookup(hash.get()), sql -> {
			var session = sql.select(USER_SESSIONS.ID, USER_SESSIONS.USER_ID, USER_SESSIONS.LAST_SEEN_AT,
					USER_SESSIONS.EXPIRES_AT, USER_SESSIONS.REVOKED_AT)
				.from(USER_SESSIONS)
				.where(USER_SESSIONS.TOKEN_HASH.eq(hash.get()))
				.fetchOptional();
			if (session.isEmpty() || session.get().value5() != null || !now.isBefore(session.get().value4())
					|| !now.isBefore(session.get().value3().plus(settings.sessionIdleTimeout()))) {
				return Optional.<Actor>empty();
			}
			if (session.get().value3().plus(TOUCH_INTERVAL).isBefore(now)) {
				sql.update(USER_SESSIONS).set(USER_SESSIONS.LAST_SEEN_AT, now)
					.where(USER_SESSIONS.ID.eq(session.get().value1())).execute();
			}
			return Optional.of(new Actor(new UserId(session.get().value2()), new SessionId(session.get().value1())));
		});
	}

	/** Revokes the actor's current session; its token never works again. */
	public void signOut(Actor actor) {
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()), sql -> sql.update(USER_SESSIONS)
			.set(USER_SESSIONS.REVOKED_AT, now)
			.where(USER_SESSIONS.ID.eq(actor.sessionId().value()))
			.and(USER_SESSIONS.REVOKED_AT.isNull())
			.execute());
	}

	public UserProfile profile(Actor actor) {
		return db.read(DbContext.user(actor.userId()), sql -> sql
			.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.CREATED_AT)
			.from(USERS)
			.where(USERS.ID.eq(actor.userId().value()))
			.fetchOptional(this::toProfile))
			.orElseThrow(() -> new NotFound("user"));
	}

	/**
	 * Profiles by id, in one statement; ids of users the actor shares no organization with are
	 * left out (row-level security).
	 */
	public Map<UserId, UserProfile> profiles(Actor actor, Collection<UserId> ids) {
		List<UUID> values = ids.stream().map(UserId::value).distinct().toList();
		return db.read(DbContext.user(actor.userId()), sql -> sql
			.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.CREATED_AT)
			.from(USERS)
			.where(USERS.ID.in(values))
			.fetch(this::toProfile))
			.stream().collect(Collectors.toMap(UserProfile::id, p -> p));
	}

	/**
	 * The account with exactly this email, for adding an existing user to an organization. Only
	 * that one row is visible to the query, never a list.
	 */
	public Optional<UserId> findByEmail(Actor actor, String email) {
		byte[] index = fields.emailIndex(Emails.normalize("email", email));
		return db.read(DbContext.userWithEmailLookup(actor.userId(), index), sql -> sql.select(USERS.ID)
			.from(USERS)
			.where(USERS.EMAIL_INDEX.eq(index))
			.fetchOptional(r -> new UserId(r.value1())));
	}

	private UserProfile toProfile(Record4<UUID, byte[], byte[], Instant> r) {
		return new UserProfile(new UserId(r.value1()), fields.email(r.value1(), r.value2()),
				fields.displayName(r.value1(), r.value3()), r.value4());
	}

}
