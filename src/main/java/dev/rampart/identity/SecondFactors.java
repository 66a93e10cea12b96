package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.API_TOKENS;
import static dev.rampart.db.schema.Tables.RECOVERY_CODES;
import static dev.rampart.db.schema.Tables.TOTP_CREDENTIALS;
import static dev.rampart.db.schema.Tables.USERS;
import static dev.rampart.db.schema.Tables.USER_SESSIONS;
import static dev.rampart.db.schema.Tables.WEBAUTHN_CREDENTIALS;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.UserId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Second factors other than passkeys: TOTP (enrolled with a QR code, confirmed by a first
 * code, seeds sealed with the platform key, no code accepted twice) and ten single-use
 * recovery codes (shown once, stored as keyed hashes). Keeps {@code users.mfa_enrolled}
 * true exactly while the account has a confirmed TOTP or a passkey. Control C05
 * (docs/controls.md).
 */
@Service
public class SecondFactors {

	public static final int RECOVERY_CODES_PER_SET = 10;

	static final FieldCipher.Column TOTP_SEED = new FieldCipher.Column("totp_credentials", "seed");

	private static final String ISSUER = "Rampart";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

	private final Database db;

	private final FieldCipher cipher;

	private final StepUp stepUp;

	private final StepUpPolicy stepUpPolicy;

	private final SecurityAlerts alerts;

	private final Clock clock;

	private final UserFields userFields;

	private final ApplicationEventPublisher events;

	private final CredentialPolicies credentials;

	SecondFactors(CredentialPolicies credentials, ApplicationEventPublisher events, Database db, FieldCipher cipher,
			StepUp stepUp, StepUpPolicy stepUpPolicy, SecurityAlerts alerts, Clock clock, UserFields userFields) {
		this.credentials = credentials;
		this.events = events;
		this.userFields = userFields;
		this.db = db;
		this.cipher = cipher;
		this.stepUp = stepUp;
		this.stepUpPolicy = stepUpPolicy;
		this.alerts = alerts;
		this.clock = clock;
	}

	/**
	 * What enrolling shows once: the secret, the otpauth URI and its QR code (PNG,
	 * base64).
	 */
	public record TotpEnrolment(String secret, String uri, String qrPngBase64) {
	}

	public record Status(boolean totp, int passkeys, int recoveryCodesLeft, boolean enrolled) {
	}

	public Status status(Actor actor) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			boolean totp = sql.fetchExists(TOTP_CREDENTIALS,
					TOTP_CREDENTIALS.USER_ID.eq(actor.userId().value()).and(TOTP_CREDENTIALS.CONFIRMED_AT.isNotNull()));
			int passkeys = sql.fetchCount(WEBAUTHN_CREDENTIALS,
					WEBAUTHN_CREDENTIALS.USER_ID.eq(actor.userId().value()));
			int codes = sql.fetchCount(RECOVERY_CODES,
					RECOVERY_CODES.USER_ID.eq(actor.userId().value()).and(RECOVERY_CODES.USED_AT.isNull()));
			return new Status(totp, passkeys, codes, totp || passkeys > 0);
		});
	}

	/**
	 * Starts (or restarts) TOTP enrolment: a new seed, unconfirmed until
	 * {@link #confirmTotp}. An account that already has a second factor must have stepped
	 * up.
	 */
	public TotpEnrolment startTotp(Actor actor) {
		credentials.requireMayChange(actor);
		stepUpPolicy.requireIfEnrolled(actor);
		byte[] seed = Totp.newSeed();
		UserId user = actor.userId();
		String account = db.write(DbContext.user(user), sql -> {
			if (sql.fetchExists(TOTP_CREDENTIALS,
					TOTP_CREDENTIALS.USER_ID.eq(user.value()).and(TOTP_CREDENTIALS.CONFIRMED_AT.isNotNull()))) {
				throw new Conflict("TOTP is already set up: remove it first to enrol a new authenticator");
			}
			sql.deleteFrom(TOTP_CREDENTIALS).where(TOTP_CREDENTIALS.USER_ID.eq(user.value())).execute();
			sql.insertInto(TOTP_CREDENTIALS)
				.set(TOTP_CREDENTIALS.USER_ID, user.value())
				.set(TOTP_CREDENTIALS.SEED, sealSeed(user, seed))
				.set(TOTP_CREDENTIALS.CREATED_AT, clock.instant())
				.execute();
			// The authenticator app lists the entry as "Rampart: <email>", so people tell
			// their accounts apart.
			return sql.select(USERS.EMAIL)
				.from(USERS)
				.where(USERS.ID.eq(user.value()))
				.fetchOptional(USERS.EMAIL)
				.map(sealed -> userFields.email(user.value(), sealed))
				.orElse(user.value().toString());
		});
		String uri = Totp.uri(ISSUER, account, seed);
		return new TotpEnrolment(Totp.base32(seed), uri, Base64.getEncoder().encodeToString(Totp.qrPng(uri)));
	}

	/**
	 * Completes TOTP enrolment with a first valid code. Returns a new set of recovery
	 * codes when the account had none left (shown once), else an empty list.
	 */
	public List<String> confirmTotp(Actor actor, String code) {
		credentials.requireMayChange(actor);
		UserId user = actor.userId();
		return db.write(DbContext.user(user), sql -> {
			var row = sql.selectFrom(TOTP_CREDENTIALS)
				.where(TOTP_CREDENTIALS.USER_ID.eq(user.value()))
				.forUpdate()
				.fetchOne();
			if (row == null || row.getConfirmedAt() != null) {
				throw new Conflict("no TOTP enrolment is waiting for confirmation");
			}
			OptionalLong step = Totp.verify(openSeed(user, row.getSeed()), code.strip(),
					clock.instant().getEpochSecond(), row.getLastStep());
			if (step.isEmpty()) {
				throw new InvalidInput("code", "is not the current code of the authenticator");
			}
			sql.update(TOTP_CREDENTIALS)
				.set(TOTP_CREDENTIALS.CONFIRMED_AT, clock.instant())
				.set(TOTP_CREDENTIALS.LAST_STEP, step.getAsLong())
				.where(TOTP_CREDENTIALS.USER_ID.eq(user.value()))
				.execute();
			setEnrolled(sql, user);
			alerts.send(sql, user, "An authenticator app (TOTP) was added", null, null);
			boolean hasCodes = sql.fetchExists(RECOVERY_CODES,
					RECOVERY_CODES.USER_ID.eq(user.value()).and(RECOVERY_CODES.USED_AT.isNull()));
			return hasCodes ? List.<String>of() : replaceRecoveryCodes(sql, user);
		});
	}

	/** Removes TOTP (after a step-up). */
	public void removeTotp(Actor actor) {
		credentials.requireMayChange(actor);
		stepUpPolicy.require(actor);
		UserId user = actor.userId();
		db.write(DbContext.user(user), sql -> {
			int removed = sql.deleteFrom(TOTP_CREDENTIALS).where(TOTP_CREDENTIALS.USER_ID.eq(user.value())).execute();
			setEnrolled(sql, user);
			if (removed > 0) {
				alerts.send(sql, user, "The authenticator app (TOTP) was removed", null, null);
			}
			return removed;
		});
	}

	/**
	 * A new set of ten recovery codes replacing the old (after a step-up); shown once.
	 */
	public List<String> regenerateRecoveryCodes(Actor actor) {
		credentials.requireMayChange(actor);
		stepUpPolicy.require(actor);
		UserId user = actor.userId();
		return db.write(DbContext.user(user), sql -> {
			if (!enrolled(sql, user)) {
				throw new Conflict("recovery codes come with a second factor: enrol TOTP or a passkey first");
			}
			alerts.send(sql, user, "New recovery codes were made (the old ones no longer work)", null, null);
			return replaceRecoveryCodes(sql, user);
		});
	}

	/**
	 * Checks a second factor of the user: a TOTP code (6 digits; each step once) or an
	 * unused recovery code (used up). Runs in {@code sql}'s transaction, whose context is
	 * the user.
	 */
	boolean verify(DSLContext sql, UserId user, String presented) {
		String code = presented.strip();
		if (code.length() == 6 && code.chars().allMatch(Character::isDigit)) {
			var row = sql.selectFrom(TOTP_CREDENTIALS)
				.where(TOTP_CREDENTIALS.USER_ID.eq(user.value()))
				.and(TOTP_CREDENTIALS.CONFIRMED_AT.isNotNull())
				.forUpdate()
				.fetchOne();
			if (row == null) {
				return false;
			}
			OptionalLong step = Totp.verify(openSeed(user, row.getSeed()), code, clock.instant().getEpochSecond(),
					row.getLastStep());
			if (step.isEmpty()) {
				return false;
			}
			sql.update(TOTP_CREDENTIALS)
				.set(TOTP_CREDENTIALS.LAST_STEP, step.getAsLong())
				.where(TOTP_CREDENTIALS.USER_ID.eq(user.value()))
				.execute();
			events.publishEvent(new IdentityEvent.SecondFactorUsed(user, "TOTP"));
			return true;
		}
		int used = sql.update(RECOVERY_CODES)
			.set(RECOVERY_CODES.USED_AT, clock.instant())
			.where(RECOVERY_CODES.USER_ID.eq(user.value()))
			.and(RECOVERY_CODES.CODE_HASH.eq(recoveryHash(user, code)))
			.and(RECOVERY_CODES.USED_AT.isNull())
			.execute();
		if (used == 1) {
			events.publishEvent(new IdentityEvent.SecondFactorUsed(user, "recovery code"));
		}
		return used == 1;
	}

	/**
	 * Proves the session's user again for sensitive actions: a second factor (TOTP or
	 * recovery code) if the account has one, else the password. Wrong proof:
	 * {@link InvalidCredentials}.
	 */
	public void stepUp(Actor actor, @org.jspecify.annotations.Nullable String password,
			@org.jspecify.annotations.Nullable String code) {
		stepUp.prove(actor, this, password, code);
	}

	/** Whether the account has a confirmed TOTP or a passkey. */
	static boolean enrolled(DSLContext sql, UserId user) {
		return sql.fetchExists(TOTP_CREDENTIALS,
				TOTP_CREDENTIALS.USER_ID.eq(user.value()).and(TOTP_CREDENTIALS.CONFIRMED_AT.isNotNull()))
				|| sql.fetchExists(WEBAUTHN_CREDENTIALS, WEBAUTHN_CREDENTIALS.USER_ID.eq(user.value()));
	}

	/**
	 * Brings {@code mfa_enrolled} of the account, its sessions and its API tokens in line
	 * with its factors (after adding or removing one): authentication reads it from the
	 * session or token row.
	 */
	static void setEnrolled(DSLContext sql, UserId user) {
		boolean enrolled = enrolled(sql, user);
		sql.update(USERS).set(USERS.MFA_ENROLLED, enrolled).where(USERS.ID.eq(user.value())).execute();
		sql.update(USER_SESSIONS)
			.set(USER_SESSIONS.MFA_ENROLLED, enrolled)
			.where(USER_SESSIONS.USER_ID.eq(user.value()))
			.and(USER_SESSIONS.REVOKED_AT.isNull())
			.execute();
		sql.update(API_TOKENS)
			.set(API_TOKENS.MFA_ENROLLED, enrolled)
			.where(API_TOKENS.USER_ID.eq(user.value()))
			.and(API_TOKENS.REVOKED_AT.isNull())
			.execute();
	}

	private List<String> replaceRecoveryCodes(DSLContext sql, UserId user) {
		sql.deleteFrom(RECOVERY_CODES).where(RECOVERY_CODES.USER_ID.eq(user.value())).execute();
		List<String> codes = new ArrayList<>();
		Instant now = clock.instant();
		for (int i = 0; i < RECOVERY_CODES_PER_SET; i++) {
			String code = newRecoveryCode();
			codes.add(code);
			sql.insertInto(RECOVERY_CODES)
				.set(RECOVERY_CODES.USER_ID, user.value())
				.set(RECOVERY_CODES.CODE_HASH, recoveryHash(user, code))
				.set(RECOVERY_CODES.CREATED_AT, now)
				.execute();
		}
		return codes;
	}

	/** 12 characters of a 32-letter alphabet (60 bits), shown as xxxx-xxxx-xxxx. */
	private static String newRecoveryCode() {
		dev.rampart.shared.ShownOnce.issued();
		StringBuilder code = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			if (i > 0 && i % 4 == 0) {
				code.append('-');
			}
			code.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
		}
		return code.toString();
	}

	/**
	 * Keyed (the platform's index key), so the stored hashes cannot be attacked without
	 * the key store.
	 */
	private byte[] recoveryHash(UserId user, String code) {
		String normalized = code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
		return cipher.index(null, "recovery_codes", user.value() + ":" + normalized);
	}

	private byte[] sealSeed(UserId user, byte[] seed) {
		return cipher.seal(null, TOTP_SEED, user.value(), Base64.getEncoder().encodeToString(seed));
	}

	private byte[] openSeed(UserId user, byte[] sealed) {
		return Base64.getDecoder()
			.decode(cipher.open(null, TOTP_SEED, user.value(), sealed).getBytes(StandardCharsets.US_ASCII));
	}

}
