package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.KNOWN_DEVICES;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Device cookies (OWASP): after a successful sign-in the browser or client keeps a random
 * device token. A later sign-in that presents the token of the account it names is
 * throttled per device, not per account, so failures an attacker causes elsewhere never
 * lock the owner out.
 */
@Component
class KnownDevices {

	/** Devices kept per user; the least recently used go first. */
	static final int MAX_PER_USER = 50;

	private final Database db;

	private final IdentitySettings settings;

	private final Clock clock;

	KnownDevices(Database db, IdentitySettings settings, Clock clock) {
		this.db = db;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * The throttle key of the presented device if it belongs to this account; empty
	 * otherwise.
	 */
	Optional<String> throttleKeyFor(@Nullable String deviceToken, byte[] emailIndex) {
		if (deviceToken == null) {
			return Optional.empty();
		}
		Optional<byte[]> hash = SessionTokens.hashOf(deviceToken);
		if (hash.isEmpty()) {
			return Optional.empty();
		}
		Boolean known = db.read(DbContext.emailLookup(emailIndex),
				sql -> sql
					.select(DSL.function(DSL.name("rampart", "is_known_device"), SQLDataType.BOOLEAN,
							DSL.val(hash.get()), DSL.val(emailIndex)))
					.fetchOne(0, Boolean.class));
		return Boolean.TRUE.equals(known) ? Optional.of("device:" + HexFormat.of().formatHex(hash.get()))
				: Optional.empty();
	}

	/** Whether the presented device cookie is a live known device of this user. */
	boolean belongsTo(UserId user, String deviceToken) {
		Optional<byte[]> hash = SessionTokens.hashOf(deviceToken);
		if (hash.isEmpty()) {
			return false;
		}
		Instant now = Clocks.now(clock);
		return db.read(DbContext.user(user),
				sql -> sql.fetchExists(KNOWN_DEVICES,
						KNOWN_DEVICES.TOKEN_HASH.eq(hash.get())
							.and(KNOWN_DEVICES.USER_ID.eq(user.value()))
							.and(KNOWN_DEVICES.EXPIRES_AT.gt(now))));
	}

	/**
	 * Records a successful sign-in from the device: renews the presented token if it is
	 * this user's, otherwise issues a new one. Returns the token the client should keep.
	 */
	String remember(UserId user, @Nullable String presentedToken) {
		Instant now = Clocks.now(clock);
		Instant expiresAt = now.plus(settings.knownDeviceLifetime());
		return db.housekeeping(DbContext.user(user), sql -> {
			if (presentedToken != null) {
				Optional<byte[]> hash = SessionTokens.hashOf(presentedToken);
				if (hash.isPresent() && sql.update(KNOWN_DEVICES)
					.set(KNOWN_DEVICES.LAST_USED_AT, now)
					.set(KNOWN_DEVICES.EXPIRES_AT, expiresAt)
					.where(KNOWN_DEVICES.TOKEN_HASH.eq(hash.get()))
					.execute() == 1) {
					return presentedToken;
				}
			}
			String token = SessionTokens.newToken();
			sql.insertInto(KNOWN_DEVICES)
				.set(KNOWN_DEVICES.TOKEN_HASH, SessionTokens.sha256(token))
				.set(KNOWN_DEVICES.USER_ID, user.value())
				.set(KNOWN_DEVICES.CREATED_AT, now)
				.set(KNOWN_DEVICES.LAST_USED_AT, now)
				.set(KNOWN_DEVICES.EXPIRES_AT, expiresAt)
				.execute();
			sql.deleteFrom(KNOWN_DEVICES)
				.where(KNOWN_DEVICES.TOKEN_HASH.notIn(DSL.select(KNOWN_DEVICES.TOKEN_HASH)
					.from(KNOWN_DEVICES)
					.orderBy(KNOWN_DEVICES.LAST_USED_AT.desc())
					.limit(MAX_PER_USER)))
				.execute();
			return token;
		});
	}

}
