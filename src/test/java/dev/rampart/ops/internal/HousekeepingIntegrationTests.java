package dev.rampart.ops.internal;

import static dev.rampart.db.schema.Tables.MAIL_OUTBOX;
import static dev.rampart.db.schema.Tables.ONE_TIME_TOKENS;
import static dev.rampart.db.schema.Tables.WEBAUTHN_CEREMONIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Expired ceremonies and tokens and long-sent mails go; live ones stay. */
class HousekeepingIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	Housekeeping housekeeping;

	@Test
	void whatServedItsPurposeIsRemovedAndWhatIsLiveStays() {
		TestUser user = api().newUser("housekeeping");
		UUID id = UUID.fromString(user.id());
		Instant now = Instant.now();
		byte[] expiredCeremony = random();
		byte[] liveCeremony = random();
		byte[] oldToken = random();
		byte[] liveToken = random();
		UUID oldMail = UUID.randomUUID();
		UUID waitingMail = UUID.randomUUID();
		owner.transaction(sql -> {
			for (Object[] c : new Object[][] { { expiredCeremony, now.minusSeconds(60) },
					{ liveCeremony, now.plusSeconds(300) } }) {
				sql.insertInto(WEBAUTHN_CEREMONIES)
					.set(WEBAUTHN_CEREMONIES.TOKEN_HASH, (byte[]) c[0])
					.set(WEBAUTHN_CEREMONIES.PURPOSE, "authenticate")
					.set(WEBAUTHN_CEREMONIES.OPTIONS, "{}")
					.set(WEBAUTHN_CEREMONIES.EXPIRES_AT, (Instant) c[1])
					.execute();
			}
			for (Object[] t : new Object[][] { { oldToken, now.minus(Duration.ofDays(2)) },
					{ liveToken, now.plusSeconds(600) } }) {
				sql.insertInto(ONE_TIME_TOKENS)
					.set(ONE_TIME_TOKENS.TOKEN_HASH, (byte[]) t[0])
					.set(ONE_TIME_TOKENS.PURPOSE, "verify-email")
					.set(ONE_TIME_TOKENS.USER_ID, id)
					.set(ONE_TIME_TOKENS.CREATED_AT, now.minus(Duration.ofDays(3)))
					.set(ONE_TIME_TOKENS.EXPIRES_AT, (Instant) t[1])
					.execute();
			}
			sql.insertInto(MAIL_OUTBOX)
				.set(MAIL_OUTBOX.ID, oldMail)
				.set(MAIL_OUTBOX.KIND, "test")
				.set(MAIL_OUTBOX.CREATED_AT, now.minus(Duration.ofDays(40)))
				.set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, now.minus(Duration.ofDays(40)))
				.set(MAIL_OUTBOX.SENT_AT, now.minus(Duration.ofDays(40)))
				.execute();
			sql.insertInto(MAIL_OUTBOX)
				.set(MAIL_OUTBOX.ID, waitingMail)
				.set(MAIL_OUTBOX.KIND, "test")
				.set(MAIL_OUTBOX.CREATED_AT, now.minus(Duration.ofDays(40)))
				.set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, now.plus(Duration.ofDays(1)))
				.set(MAIL_OUTBOX.FAILED_AT, now.minus(Duration.ofDays(1)))
				.execute();
			return null;
		});

		assertThat(housekeeping.run()).isGreaterThanOrEqualTo(3);

		owner.transaction(sql -> {
			assertThat(sql.fetchExists(WEBAUTHN_CEREMONIES, WEBAUTHN_CEREMONIES.TOKEN_HASH.eq(expiredCeremony)))
				.isFalse();
			assertThat(sql.fetchExists(WEBAUTHN_CEREMONIES, WEBAUTHN_CEREMONIES.TOKEN_HASH.eq(liveCeremony))).isTrue();
			assertThat(sql.fetchExists(ONE_TIME_TOKENS, ONE_TIME_TOKENS.TOKEN_HASH.eq(oldToken))).isFalse();
			assertThat(sql.fetchExists(ONE_TIME_TOKENS, ONE_TIME_TOKENS.TOKEN_HASH.eq(liveToken))).isTrue();
			assertThat(sql.fetchExists(MAIL_OUTBOX, MAIL_OUTBOX.ID.eq(oldMail))).isFalse();
			assertThat(sql.fetchExists(MAIL_OUTBOX, MAIL_OUTBOX.ID.eq(waitingMail))).as("given up a day ago: kept")
				.isTrue();
			return null;
		});
	}

	private static byte[] random() {
		byte[] bytes = new byte[32];
		new java.security.SecureRandom().nextBytes(bytes);
		return bytes;
	}

}
