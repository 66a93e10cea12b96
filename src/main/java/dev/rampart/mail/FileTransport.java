package dev.rampart.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default without an SMTP server: each message becomes an .eml file in an owner-only
 * directory (open it with any mail program), and its path is logged. For development only: the
 * files hold the links, tokens included, that the mails carry.
 */
final class FileTransport implements MailTransport {

	private static final Logger log = LoggerFactory.getLogger(FileTransport.class);

	private final Path directory;

	FileTransport(Path directory) {
		this.directory = directory;
	}

	@Override
	public void send(MimeMessage message) throws MessagingException, IOException {
		Files.createDirectories(directory);
		message.saveChanges(); // sets the Message-ID, which names the file
		String id = message.getMessageID() == null ? java.util.UUID.randomUUID().toString()
				: message.getMessageID().replaceAll("[^A-Za-z0-9-]", "");
		Path partial = directory.resolve(id + ".eml.partial");
		Path file = directory.resolve(id + ".eml");
		try (OutputStream out = Files.newOutputStream(partial)) {
			if (Files.getFileAttributeView(partial, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
				Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
			}
			message.writeTo(out);
		}
		Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		log.info("Mail written to {} (no SMTP server configured: set RAMPART_SMTP_HOST to send)", file);
	}

	@Override
	public String describe() {
		return ".eml files in " + directory;
	}

}
