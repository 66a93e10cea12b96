package dev.rampart.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;

/**
 * The zero-set-up key store: a PKCS#12 file ({@code $RAMPART_HOME/keys/rampart.p12})
 * protected by a passphrase from the environment, a file, or (first start only, with a
 * warning) generated into an owner-only file beside it. Not for production: whoever reads
 * the data directory holds the KEK; use {@code pkcs11}.
 */
final class LocalKekStore extends JcaKekStore {

	private final KeyStore keyStore;

	private final Path file;

	private final char[] passphrase;

	private LocalKekStore(KeyStore keyStore, Path file, char[] passphrase) {
		super(keyStore, sunJce(), new KeyStore.PasswordProtection(passphrase));
		this.keyStore = keyStore;
		this.file = file;
		this.passphrase = passphrase.clone();
	}

	static LocalKekStore open(Path file, char[] passphrase) {
		try {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			if (Files.exists(file)) {
				try (InputStream in = Files.newInputStream(file)) {
					keyStore.load(in, passphrase);
				}
			}
			else {
				keyStore.load(null, passphrase);
			}
			LocalKekStore store = new LocalKekStore(keyStore, file, passphrase);
			store.open();
			return store;
		}
		catch (IOException ex) {
			throw new IllegalStateException("the local key store " + file + " cannot be read (wrong passphrase?)");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(
					"the local key store " + file + " cannot be opened: " + ex.getClass().getSimpleName());
		}
	}

	private static Provider sunJce() {
		Provider provider = Security.getProvider("SunJCE");
		if (provider == null) {
			throw new IllegalStateException("the JDK's SunJCE provider is missing");
		}
		return provider;
	}

	@Override
	public String kind() {
		return "local";
	}

	/**
	 * Nodes sharing the file (a shared volume) change it one at a time: each reads it
	 * again, changes it and writes it under a lock on {@code <file>.lock}, so no node's
	 * new key is lost to another's write.
	 */
	@Override
	<T> T changing(Change<T> change) throws GeneralSecurityException {
		Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
		try {
			Path directory = file.toAbsolutePath().getParent();
			if (directory != null) {
				Files.createDirectories(directory);
			}
			try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
					java.nio.channels.FileLock lock = channel.lock()) {
				return change.apply();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot lock the local key store " + lockFile, ex);
		}
	}

	@Override
	void reload() throws GeneralSecurityException {
		if (!Files.exists(file)) {
			return;
		}
		try (InputStream in = Files.newInputStream(file)) {
			keyStore.load(in, passphrase);
		}
		catch (IOException ex) {
			throw new GeneralSecurityException("the local key store " + file + " cannot be read again");
		}
	}

	/**
	 * Written to a new file, then moved over the old one: a crash never leaves half a key
	 * store.
	 */
	@Override
	void saved() throws GeneralSecurityException {
		try {
			Path directory = file.toAbsolutePath().getParent();
			if (directory != null) {
				Files.createDirectories(directory);
			}
			Path next = file.resolveSibling(file.getFileName() + ".new");
			try (OutputStream out = Files.newOutputStream(next)) {
				keyStore.store(out, passphrase);
			}
			Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the local key store " + file, ex);
		}
	}

}
