package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ATTACHMENTS;
import static dev.rampart.db.schema.Tables.ORG_STORAGE;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.AttachmentsRecord;
import dev.rampart.keys.DataKeys;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.AttachmentId;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.RampartHome;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.tika.Tika;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Task attachments. Bytes are streamed to a random name under the data directory while
 * their size is counted (never trusting a declared length) and hashed; the content type
 * is sniffed from the bytes, not taken from the client. Access follows the task: readers
 * of the task may download, those who may update it may upload, the uploader or a task
 * deleter may delete.
 * <p>
 * Longer than most classes because the file handling (streaming encryption, type
 * sniffing, quota, atomic moves, re-sealing) and the rows describing the files must stay
 * consistent with each other.
 */
@Service
@EnableConfigurationProperties(AttachmentSettings.class)
public class Attachments {

	static final int FILE_NAME_MAX = 255;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Database db;

	private final AccessPolicy access;

	private final AttachmentSettings settings;

	private final Clock clock;

	private final Path store;

	private final Tika tika = new Tika();

	private final DataKeys dataKeys;

	private final FieldCipher cipher;

	private final ApplicationEventPublisher events;

	Attachments(ApplicationEventPublisher events, Database db, AccessPolicy access, AttachmentSettings settings,
			Clock clock, RampartHome home, DataKeys dataKeys, FieldCipher cipher) {
		this.events = events;
		this.dataKeys = dataKeys;
		this.cipher = cipher;
		this.db = db;
		this.access = access;
		this.settings = settings;
		this.clock = clock;
		this.store = settings.directory() == null ? home.directory("attachments")
				: createdPrivate(settings.directory());
	}

	/**
	 * Where the sealed files live (backups copy them as they are, restores put them
	 * back).
	 */
	public Path storageDirectory() {
		return store;
	}

	/** The largest file accepted, for the web adapter's multipart limit. */
	public long maxFileSize() {
		return settings.maxFileSize().toBytes();
	}

	public Attachment upload(Actor actor, TaskId task, String clientFileName, InputStream content) {
		String fileName = fileName(clientFileName);
		Resource.Task resource = access.require(actor, Permission.TASK_UPDATE, task).resource();
		String storageName = randomName();
		Path target = store.resolve(storageName);
		Path partial = store.resolve(storageName + ".partial");
		AttachmentId id = AttachmentId.random();
		try {
			long size;
			String sha256;
			String contentType;
			// The bytes reach the disk only encrypted (the organization's streaming AEAD,
			// bound to this attachment); the type is sniffed from the first bytes, held
			// in memory.
			InputStream buffered = new BufferedInputStream(content, SNIFF_BYTES);
			buffered.mark(SNIFF_BYTES);
			byte[] head = buffered.readNBytes(SNIFF_BYTES);
			buffered.reset();
			// Magic bytes only: the name and the client's Content-Type are not consulted.
			contentType = tika.detect(new java.io.ByteArrayInputStream(head));
			DataKeys.StreamSealer sealer = dataKeys.streamSealer(resource.org());
			try (OutputStream file = Files.newOutputStream(partial);
					OutputStream out = sealer.aead().newEncryptingStream(file, binding(resource.org(), id))) {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				size = copyAtMost(buffered, new DigestOutputStream(out, digest), settings.maxFileSize().toBytes());
				sha256 = HexFormat.of().formatHex(digest.digest());
			}
			catch (java.security.GeneralSecurityException ex) {
				throw new IllegalStateException("the attachment cipher is unusable", ex);
			}
			Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
			Instant now = Clocks.now(clock);
			long bytes = size;
			db.write(DbContext.user(actor.userId()), sql -> {
				int existing = sql.fetchCount(ATTACHMENTS, ATTACHMENTS.TASK_ID.eq(task.value()));
				if (existing >= settings.maxPerTask()) {
					throw new dev.rampart.shared.Conflict(
							"a task holds at most " + settings.maxPerTask() + " attachments");
				}
				sql.insertInto(ATTACHMENTS)
					.set(ATTACHMENTS.ID, id.value())
					.set(ATTACHMENTS.ORG_ID, resource.org().value())
					.set(ATTACHMENTS.PROJECT_ID, resource.project().value())
					.set(ATTACHMENTS.TASK_ID, task.value())
					.set(ATTACHMENTS.FILE_NAME,
							cipher.seal(resource.org(), FieldCipher.Column.ATTACHMENT_FILE_NAME, id.value(), fileName))
					.set(ATTACHMENTS.STREAM_KEY_ID, sealer.keyId())
					.set(ATTACHMENTS.CONTENT_TYPE, contentType)
					.set(ATTACHMENTS.SIZE_BYTES, bytes)
					.set(ATTACHMENTS.SHA256, sha256)
					.set(ATTACHMENTS.STORAGE_NAME, storageName)
					.set(ATTACHMENTS.SEALED, true)
					.set(ATTACHMENTS.UPLOADED_BY, actor.userId().value())
					.set(ATTACHMENTS.CREATED_AT, now)
					.execute();
				events.publishEvent(new WorkEvent.AttachmentAdded(resource.org(), task, id));
				// The insert's trigger counted the bytes and holds the organization's row
				// until commit.
				Long used = sql.select(ORG_STORAGE.USED_BYTES)
					.from(ORG_STORAGE)
					.where(ORG_STORAGE.ORG_ID.eq(resource.org().value()))
					.fetchOne(ORG_STORAGE.USED_BYTES);
				if (used != null && used > settings.orgQuota().toBytes()) {
					throw new AttachmentTooLarge("the organization's storage quota of " + settings.orgQuota().toBytes()
							+ " bytes would be exceeded");
				}
				return null;
			});
			return new Attachment(id, task, fileName, contentType, size, sha256, actor.userId(), now);
		}
		catch (IOException ex) {
			deleteQuietly(partial);
			deleteQuietly(target);
			throw new UncheckedIOException("storing an attachment failed", ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(partial);
			deleteQuietly(target);
			throw ex;
		}
	}

	public List<Attachment> list(Actor actor, TaskId task) {
		Resource.Task resource = access.require(actor, Permission.TASK_READ, task).resource();
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(ATTACHMENTS)
					.where(ATTACHMENTS.TASK_ID.eq(task.value()), ATTACHMENTS.PROJECT_ID.eq(resource.project().value()))
					.orderBy(ATTACHMENTS.CREATED_AT, ATTACHMENTS.ID)
					.fetch(this::toAttachment));
	}

	/** An attachment and a way to read its bytes, for a reader of its task. */
	/**
	 * An attachment to send: its description, and its bytes decrypted as they are read.
	 */
	public static final class Download {

		private final Attachment attachment;

		private final Path file;

		private final com.google.crypto.tink.@org.jspecify.annotations.Nullable StreamingAead cipher;

		private final byte[] binding;

		Download(Attachment attachment, Path file,
				com.google.crypto.tink.@org.jspecify.annotations.Nullable StreamingAead cipher, byte[] binding) {
			this.attachment = attachment;
			this.file = file;
			this.cipher = cipher;
			this.binding = binding.clone();
		}

		public Attachment attachment() {
			return attachment;
		}

		/**
		 * A tampered or moved file fails while it is read (the answer then ends early,
		 * never with other bytes).
		 */
		public InputStream open() throws IOException {
			return openStored(file, cipher, binding);
		}

	}

	/**
	 * A stored file's plaintext as it is read ({@code cipher} null: a file stored before
	 * sealing).
	 */
	private static InputStream openStored(Path file,
			com.google.crypto.tink.@org.jspecify.annotations.Nullable StreamingAead cipher, byte[] binding)
			throws IOException {
		InputStream raw = Files.newInputStream(file);
		if (cipher == null) {
			return raw;
		}
		try {
			return cipher.newDecryptingStream(raw, binding);
		}
		catch (java.security.GeneralSecurityException ex) {
			raw.close();
			throw new IOException("the attachment does not decrypt", ex);
		}
	}

	/**
	 * A stored file written again under the organization's current file key (see
	 * {@link #resealFile}).
	 */
	public record ResealedFile(String storageName, long keyId) {
	}

	/**
	 * For the re-encryption job: writes the attachment's file again under the
	 * organization's current file key, as a new file beside the old one. The caller
	 * points the row at it and removes the old file ({@link #removeStoredFile}) once no
	 * download can still be opening it.
	 */
	public ResealedFile resealFile(OrgId org, AttachmentId id, String storageName, boolean sealed) throws IOException {
		byte[] binding = binding(org, id);
		String newName = randomName();
		Path partial = store.resolve(newName + ".partial");
		DataKeys.StreamSealer sealer = dataKeys.streamSealer(org);
		try (InputStream in = openStored(store.resolve(storageName), sealed ? dataKeys.streamingAead(org) : null,
				binding);
				OutputStream file = Files.newOutputStream(partial);
				OutputStream out = sealer.aead().newEncryptingStream(file, binding)) {
			in.transferTo(out);
		}
		catch (java.security.GeneralSecurityException ex) {
			deleteQuietly(partial);
			throw new IOException("the attachment cipher is unusable", ex);
		}
		catch (IOException | RuntimeException ex) {
			deleteQuietly(partial);
			throw ex;
		}
		Files.move(partial, store.resolve(newName), StandardCopyOption.ATOMIC_MOVE);
		return new ResealedFile(newName, sealer.keyId());
	}

	/** Removes a stored file that no row names any more. */
	public void removeStoredFile(String storageName) {
		deleteQuietly(store.resolve(storageName));
	}

	/**
	 * A file's associated data: it opens only as this attachment of this organization.
	 */
	private static byte[] binding(OrgId org, AttachmentId id) {
		return ("rampart:v1:" + org.value() + ":attachments:" + id.value())
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	/**
	 * How much of the start of a file the type sniffer sees (held in memory, never on
	 * disk).
	 */
	private static final int SNIFF_BYTES = 64 * 1024;

	public Download download(Actor actor, AttachmentId id) {
		AttachmentsRecord row = visibleRow(actor, id);
		access.require(actor, Permission.TASK_READ, new TaskId(row.getTaskId()));
		OrgId org = new OrgId(row.getOrgId());
		return new Download(toAttachment(row), store.resolve(row.getStorageName()),
				row.getSealed() ? dataKeys.streamingAead(org) : null, binding(org, new AttachmentId(row.getId())));
	}

	/**
	 * The uploader (while they may still update the task) or anyone who may delete the
	 * task.
	 */
	public void delete(Actor actor, AttachmentId id) {
		AttachmentsRecord row = visibleRow(actor, id);
		TaskId task = new TaskId(row.getTaskId());
		boolean uploader = row.getUploadedBy().equals(actor.userId().value());
		access.require(actor, uploader ? Permission.TASK_UPDATE : Permission.TASK_DELETE, task);
		int deleted = db.write(DbContext.user(actor.userId()),
				sql -> sql.deleteFrom(ATTACHMENTS).where(ATTACHMENTS.ID.eq(id.value())).execute());
		if (deleted == 1) {
			deleteQuietly(store.resolve(row.getStorageName()));
		}
	}

	private AttachmentsRecord visibleRow(Actor actor, AttachmentId id) {
		AttachmentsRecord row = db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(ATTACHMENTS).where(ATTACHMENTS.ID.eq(id.value())).fetchOne());
		if (row == null) {
			throw new NotFound("attachment");
		}
		return row;
	}

	/**
	 * The last path segment, NFC, without control characters; "attachment" when nothing
	 * is left.
	 */
	static String fileName(String clientFileName) {
		String name = clientFileName == null ? "" : clientFileName;
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		name = Normalizer.normalize(name, Normalizer.Form.NFC)
			.codePoints()
			.filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString()
			.strip();
		if (name.isEmpty() || name.equals(".") || name.equals("..")) {
			name = "attachment";
		}
		if (name.codePointCount(0, name.length()) > FILE_NAME_MAX) {
			throw new InvalidInput("file", "the file name is longer than " + FILE_NAME_MAX + " characters");
		}
		return name;
	}

	private long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long total = 0;
		int n;
		while ((n = in.read(buffer)) != -1) {
			total += n;
			if (total > max) {
				throw new AttachmentTooLarge("a file may have at most " + max + " bytes");
			}
			out.write(buffer, 0, n);
		}
		out.flush();
		return total;
	}

	private static Path createdPrivate(Path directory) {
		try {
			Files.createDirectories(directory);
			if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				Files.setPosixFilePermissions(directory,
						java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
			}
			return directory.toAbsolutePath().normalize();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot use " + directory + " for attachments", ex);
		}
	}

	private static String randomName() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ignored) {
			// A stray file under a random name is harmless; the row decides what exists.
		}
	}

	private Attachment toAttachment(AttachmentsRecord row) {
		String fileName = cipher.open(new OrgId(row.getOrgId()), FieldCipher.Column.ATTACHMENT_FILE_NAME, row.getId(),
				row.getFileName(), row.getPlain());
		return new Attachment(new AttachmentId(row.getId()), new TaskId(row.getTaskId()), fileName,
				row.getContentType(), row.getSizeBytes(), row.getSha256(), new UserId(row.getUploadedBy()),
				row.getCreatedAt());
	}

}
