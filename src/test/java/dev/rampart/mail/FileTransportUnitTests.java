package dev.rampart.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The embedded mail files: readable by their owner only, gone once past their retention.
 */
class FileTransportUnitTests {

	@Test
	void mailFilesAreOwnerOnlyAndRemovedAfterTheirRetention() throws Exception {
		Path directory = Files.createTempDirectory("rampart-mail-").resolve("mail");
		FileTransport transport = new FileTransport(directory);
		transport.send(message("old"));
		transport.send(message("new"));
		List<Path> files;
		try (var listed = Files.list(directory)) {
			files = listed.sorted().toList();
		}
		assertThat(files).hasSize(2)
			.allSatisfy(file -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
				.isEqualTo("rw-------"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
		Files.setLastModifiedTime(files.get(0), FileTime.from(Instant.now().minus(Duration.ofDays(8))));
		assertThat(transport.prune(Duration.ofDays(7))).isEqualTo(1);
		assertThat(files.get(0)).doesNotExist();
		assertThat(files.get(1)).exists();
	}

	@Test
	void mailFilesAreNamedByTimeKindAndIdNeverByRecipientOrSubject() throws Exception {
		MimeMessage message = MailTransport.build(java.util.UUID.fromString("3f9a1c2b-04de-4a6b-9c1d-2e3f4a5b6c7d"),
				"Rampart <no-reply@rampart.invalid>",
				new MailMessage("ada@example.test", "password-reset", "Reset your Acme password", java.util.Map.of()),
				new MailTemplates.Rendered("<p>html</p>", "text"), "rampart.invalid");
		message.saveChanges();
		assertThat(FileTransport.fileName(message, Instant.parse("2026-11-29T07:35:12Z")))
			.isEqualTo("2026-11-29.073512Z.password-reset.3f9a1c2b04de.eml");
	}

	private static MimeMessage message(String subject) throws Exception {
		MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
		message.setFrom(new InternetAddress("rampart@example.test"));
		message.setRecipients(MimeMessage.RecipientType.TO, "someone@example.test");
		message.setSubject(subject);
		message.setText("body");
		return message;
	}

}
