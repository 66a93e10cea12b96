package dev.rampart.db;

import dev.rampart.shared.StartRefused;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Held by the one Rampart process that runs the embedded database of a data directory,
 * for as long as it runs: an operating-system file lock, so it goes with the process
 * however it ends ({@code kill -9} included). Whoever holds it knows that any PostgreSQL
 * still running on the data directory was left behind by a dead Rampart process.
 */
final class DataDirectoryLock implements AutoCloseable {

	static final String FILE_NAME = "rampart.lock";

	private final FileChannel channel;

	private final FileLock lock;

	private DataDirectoryLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock of {@code home}, or refuses the start naming the process that has
	 * it.
	 */
	static DataDirectoryLock acquire(Path home) {
		return acquireFile(home.resolve(FILE_NAME));
	}

	/** Takes the lock held in {@code file}, or refuses the start. */
	static DataDirectoryLock acquireFile(Path file) {
		Path home = file.getParent();
		FileChannel channel = null;
		try {
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException sameProcess) {
				lock = null;
			}
			if (lock == null) {
				String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
				channel.close();
				throw new StartRefused("another Rampart process" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
						+ " is running on the data directory " + home + "; stop it first, or point RAMPART_DB_URL at an"
						+ " external PostgreSQL (commands then run beside the server), or set RAMPART_HOME to another directory");
			}
			channel.truncate(0);
			channel.write(
					ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
			channel.force(false);
			return new DataDirectoryLock(channel, lock);
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new UncheckedIOException("cannot lock the data directory " + home, ex);
		}
	}

	@Override
	public void close() {
		try {
			lock.release();
		}
		catch (IOException ignored) {
			// the channel's close below releases it too
		}
		closeQuietly(channel);
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ignored) {
				// nothing held any more
			}
		}
	}

}
