package dev.rampart.identity;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Component;

/**
 * Brute-force brake for sign-in, shared by every node through PostgreSQL: checked before
 * the password hash is computed, so a blocked attacker costs no BCrypt work. Control C06
 * (docs/controls.md).
 */
@Component
class SignInThrottle {

	private final Database db;

	private final SignInThrottleSettings settings;

	private final Clock clock;

	SignInThrottle(Database db, SignInThrottleSettings settings, Clock clock) {
		this.db = db;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Throws {@link SignInThrottled} while the account (or, for a known device of the
	 * account, that device) or the address must wait.
	 */
	void check(byte[] emailIndex, String address, Optional<String> knownDevice) {
		Instant blockedUntil = db.read(DbContext.none(),
				sql -> sql
					.select(DSL.function(DSL.name("rampart", "sign_in_blocked_until"), SQLDataType.INSTANT,
							DSL.val(new String[] { knownDevice.orElse(accountKey(emailIndex)), addressKey(address) })))
					.fetchOne(0, Instant.class));
		if (blockedUntil != null) {
			long seconds = Math.max(1, Duration.between(clock.instant(), blockedUntil).toSeconds() + 1);
			throw new SignInThrottled(seconds);
		}
	}

	void failed(byte[] emailIndex, String address, Optional<String> knownDevice) {
		db.housekeeping(DbContext.none(), sql -> {
			for (var key : List.of(
					new Object[] { knownDevice.orElse(accountKey(emailIndex)), settings.accountThreshold() },
					new Object[] { addressKey(address), settings.addressThreshold() })) {
				sql.select(DSL.function(DSL.name("rampart", "record_sign_in_failure"), SQLDataType.OTHER,
						DSL.val((String) key[0]), DSL.val((Integer) key[1]),
						DSL.val((int) settings.baseDelay().toSeconds()), DSL.val((int) settings.maxDelay().toSeconds()),
						DSL.val((int) settings.window().toSeconds())))
					.execute();
			}
			return null;
		});
	}

	/**
	 * Clears the failures of the account, or only of the device when it signed in as a
	 * known one.
	 */
	void succeeded(byte[] emailIndex, Optional<String> knownDevice) {
		db.housekeeping(DbContext.none(), sql -> sql.select(DSL.function(DSL.name("rampart", "clear_sign_in_failures"),
				SQLDataType.OTHER, DSL.val(knownDevice.orElse(accountKey(emailIndex)))))
			.execute());
	}

	/**
	 * The account's key: its email's blind index, so the table holds no address, not even
	 * hashed.
	 */
	private static String accountKey(byte[] emailIndex) {
		return "account:" + HexFormat.of().formatHex(emailIndex);
	}

	private static String addressKey(String address) {
		return "address:" + (address.length() > 64 ? address.substring(0, 64) : address);
	}

}
