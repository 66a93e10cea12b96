package dev.rampart.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The data directory ({@code RAMPART_HOME}, default {@code ./rampart-data}): embedded
 * database, generated certificate and local secrets. Created readable by its owner only.
 */
public record RampartHome(Path path) {

	public RampartHome {
		path = path.toAbsolutePath().normalize();
	}

	/**
	 * The data directory a setting names; an empty one (RAMPART_HOME= by mistake) is
	 * refused in one line.
	 */
	public static Path parse(String setting) {
		if (setting.isBlank()) {
			throw new StartRefused(
					"RAMPART_HOME is set but empty: unset it to use ./rampart-data, or name a directory");
		}
		return Path.of(setting.strip());
	}

	/** Creates (if needed) and returns a sub-directory, owner-only. */
	public Path directory(String name) {
		Path dir = path.resolve(name);
		createPrivateDirectory(path);
		createPrivateDirectory(dir);
		return dir;
	}

	/**
	 * Reads a secret file, or writes {@code generated} into a new owner-only file and
	 * returns it. Creation is atomic, so two processes starting at once agree on one
	 * value.
	 */
	public String secret(String name, java.util.function.Supplier<String> generated) {
		Path file = directory("secrets").resolve(name);
		Optional<String> existing = read(file);
		if (existing.isPresent()) {
			return existing.get();
		}
		String value = generated.get();
		try {
			Files.createFile(file, ownerOnly("rw-------"));
			Files.writeString(file, value, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
			return value;
		}
		catch (FileAlreadyExistsException raced) {
			return read(file).orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write secret file " + file, ex);
		}
	}

	private static Optional<String> read(Path file) {
		try {
			return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
					: Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read secret file " + file, ex);
		}
	}

	private static void createPrivateDirectory(Path dir) {
		try {
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir, ownerOnly("rwx------"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create directory " + dir, ex);
		}
	}

	private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(String permissions) {
		boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		return posix
				? new java.nio.file.attribute.FileAttribute<?>[] {
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)) }
				: new java.nio.file.attribute.FileAttribute<?>[0];
	}

}
