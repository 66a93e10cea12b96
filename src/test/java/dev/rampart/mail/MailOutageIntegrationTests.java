package dev.rampart.mail;

import static dev.rampart.db.schema.Tables.MAIL_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import dev.rampart.MailServer;
import dev.rampart.db.OwnerDatabase;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The SMTP server goes away during sign-ups: the requests still succeed at once, the
 * mails wait in the outbox (sealed), and when the server is back each is delivered
 * exactly once.
 */
class MailOutageIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	MailWorker worker;

	@Test
	void signUpsDuringAnOutageSucceedAndTheirMailsArriveOnceWhenTheServerReturns() throws Exception {
		MAIL.stop();
		List<String> addresses = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				String email = Api.newEmail("outage");
				addresses.add(email);
				long started = System.nanoTime();
				assertThat(api().signUp(email, "Outage " + i, Api.STRONG_PASSWORD).status()).isEqualTo(202);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no waiting for the mail server")
					.isLessThan(Duration.ofSeconds(5));
			}
			Thread.sleep(1500);
			Integer failedAttempts = owner.transaction(sql -> sql.fetchCount(MAIL_OUTBOX,
					MAIL_OUTBOX.SENT_AT.isNull()
						.and(MAIL_OUTBOX.ATTEMPTS.gt(0))
						.and(MAIL_OUTBOX.LAST_ERROR.isNotNull())));
			assertThat(failedAttempts).as("tried, failed, waiting for a retry").isGreaterThanOrEqualTo(1);
			String outbox = owner.transaction(sql -> sql.fetch("select o::text from rampart.mail_outbox o").toString());
			assertThat(outbox).as("the waiting mails are sealed").doesNotContain(addresses.get(0), "#token=");
		}
		finally {
			MAIL.start();
		}
		worker.retryNow();
		Set<String> messageIds = new HashSet<>();
		for (String email : addresses) {
			List<MimeMessage> delivered = MAIL.await(email, "Confirm your email address", 1);
			assertThat(delivered).hasSize(1);
			messageIds.add(delivered.get(0).getMessageID());
		}
		assertThat(messageIds).hasSize(5);
		// More passes send nothing again.
		worker.sendDue();
		Thread.sleep(1000);
		for (String email : addresses) {
			assertThat(MAIL.messagesTo(email).stream().filter(m -> MailServer.subjectOf(m).contains("Confirm")))
				.hasSize(1);
		}
		Integer cleared = owner.transaction(sql -> sql.fetchCount(MAIL_OUTBOX,
				MAIL_OUTBOX.SENT_AT.isNotNull().and(MAIL_OUTBOX.PAYLOAD.isNotNull())));
		assertThat(cleared).as("sent mails keep no payload").isZero();
	}

}
