package dev.rampart.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrubberUnitTests {

	@Test
	void emailsBecomePlaceholders() {
		assertThat(Scrubber.scrub("no account for Jane.Doe+x@mail.example.org here"))
			.isEqualTo("no account for [email] here");
	}

	@Test
	void addressesKeepTheirNetworkOnly() {
		assertThat(Scrubber.scrub("from 203.0.113.77 via proxy")).isEqualTo("from 203.0.113.0/24 via proxy");
		assertThat(Scrubber.scrub("client 2001:db8:85a3:1:2:8a2e:370:7334 refused"))
			.isEqualTo("client 2001:db8:85a3::/48 refused");
		assertThat(Scrubber.scrub("client ::1 refused")).isEqualTo("client 0:0:0::/48 refused");
		assertThat(Scrubber.truncateAddress("198.51.100.9")).isEqualTo("198.51.100.0/24");
	}

	@Test
	void secretsWrittenAsPairsOrCredentialsAreRedacted() {
		assertThat(Scrubber.scrub("password=hunter2&x=1")).doesNotContain("hunter2");
		assertThat(Scrubber.scrub("{\"password\": \"hunter2\"}")).doesNotContain("hunter2");
		assertThat(Scrubber.scrub("Authorization: Bearer abc.def.ghi")).doesNotContain("abc.def.ghi");
		assertThat(Scrubber.scrub("token=Zm9vYmFy")).doesNotContain("Zm9vYmFy");
	}

	@Test
	void filePathsStayReadableButTokensWithSlashesGo() {
		String mail = "Mail written to /tmp/rampart-test-8591893410924579054/mail/2026-11-29.073512Z.password-reset.3f9a1c2b04de.eml";
		assertThat(Scrubber.scrub(mail)).isEqualTo(mail);
		String store = "The local key store /var/lib/rampart/rampart-data/keys/rampart.p12 is protected by a passphrase";
		assertThat(Scrubber.scrub(store)).isEqualTo(store);
		assertThat(Scrubber.scrub("token q2Vb3k9Xf0hR1mT8/zLw4sPaYcN6dJe5u7iOgBvKxHt")).isEqualTo("token [token]");
		assertThat(Scrubber.scrub("token /q2Vb3k9Xf0hR1mT8zLw/4sPaYcN6dJe5u7iOgBvKxHt")).isEqualTo("token [token]");
		assertThat(Scrubber.scrub("sig /abc+def/ghijklmnopqrstuvwxyz012345")).isEqualTo("sig [token]");
	}

	@Test
	void tokenShapedStringsAndQueryValuesGoButIdsAndTimesStay() {
		String token = "q2Vb3k9Xf0hR1mT8zLw4sPaYcN6dJe5u7iOgBvKxHt";
		assertThat(Scrubber.scrub("presented " + token)).isEqualTo("presented [token]");
		assertThat(Scrubber.scrub("GET /api/v1/tasks?assignee=me&q=secret+plan HTTP/1.1"))
			.isEqualTo("GET /api/v1/tasks?assignee=[redacted]&q=[redacted] HTTP/1.1");
		String id = "0b3e7c2a-9d41-4f6e-8a1b-2c3d4e5f6a7b";
		assertThat(Scrubber.scrub("error " + id + " at 12:30:45")).isEqualTo("error " + id + " at 12:30:45");
	}

}
