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
 * The embedded default without an SMTP server: each message becomes an .eml file in an
 * owner-only directory (open it with any mail program), and its path is logged. For
 * development only: the files hold the links, tokens included, that the mails carry.
 */
final class FileTransport implements MailTransport {

	private static final Logger log = LoggerFactory.getLogger(FileTransport.class);

	private final Path directory;

	FileTransport(Path directory) {
		this.directory = directory;
	}

	@Override
	public void send(MimeMessage message) throws MessagingException, IOException {
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory);
			if (Files.getFileAttributeView(directory, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
				Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
			}
		}
		message.saveChanges(); // sets the Message-ID
		String name = fileName(message, java.time.Instant.now());
		Path partial = directory.resolve(name + ".partial");
		Path file = directory.resolve(name);
		try (OutputStream out = Files.newOutputStream(partial)) {
			if (Files.getFileAttributeView(partial, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
				Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
			}
			message.writeTo(out);
		}
		Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		log.info("Mail written to {} (no SMTP server configured: set RAMPART_SMTP_HOST to send)", file);
	}

	/**
	 * A name that reads well in a directory listing and sorts by time: when, what kind of
	 * mail, and the start of its message id
	 * ({@code 2026-11-29.073512Z.password-reset.3f9a1c2b04de.eml}). Never the recipient
	 * or the subject: the name reaches the log (its dots keep the log scrubber from
	 * taking it for a token).
	 */
	static String fileName(MimeMessage message, java.time.Instant when) throws MessagingException {
		String[] kinds = message.getHeader(KIND_HEADER);
		String kind = kinds == null || kinds.length == 0 ? "mail" : kinds[0].replaceAll("[^a-z0-9-]", "");
		String id = message.getMessageID() == null ? java.util.UUID.randomUUID().toString()
				: message.getMessageID().replaceAll("[^A-Za-z0-9]", "");
		String time = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd.HHmmss'Z'")
			.withZone(java.time.ZoneOffset.UTC)
			.format(when);
		return time + "." + (kind.isEmpty() ? "mail" : kind) + "." + id.substring(0, Math.min(12, id.length()))
				+ ".eml";
	}

	/** Deletes the .eml files last written more than {@code retention} ago. */
	@Override
	public int prune(java.time.Duration retention) {
		if (!Files.isDirectory(directory)) {
			return 0;
		}
		java.time.Instant cutoff = java.time.Instant.now().minus(retention);
		int removed = 0;
		try (var files = Files.newDirectoryStream(directory, "*.eml")) {
			for (Path file : files) {
				if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
					removed++;
				}
			}
		}
		catch (IOException ex) {
			log.warn("Could not prune mail files ({})", ex.getClass().getSimpleName());
		}
		return removed;
	}

	@Override
	public String describe() {
		return ".eml files in " + directory;
	}

}
