package dev.rampart.ops.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a backup holds, signed (manifest.sig) by the activity log's signing key: the
 * tables with their row counts and the SHA-256 of their rows (PostgreSQL's binary COPY of
 * each table in primary-key order), the sequences, the files, the schema's migration
 * version, which key store and KEK wrapped the backup's key, and the SHA-256 of the
 * encrypted archive, so a changed byte anywhere is refused before anything is read. Holds
 * no content and no key in the clear.
 *
 * @param format the format's version (1)
 * @param name the backup's name, also its directory's
 * @param createdAt when the snapshot was taken
 * @param schemaVersion the last migration applied
 * @param storeId the key store whose KEK wrapped the key
 * @param kekId that KEK
 * @param wrappedKey the backup's streaming-AEAD keyset, encrypted by the KEK (base64)
 * @param signingKeyId the key that signed this manifest
 * @param tables in load order (referenced tables first)
 * @param sequences each sequence's last value
 * @param files attachment and activity-log archive files, as stored (already sealed)
 * @param archiveBytes the size of data.rbk
 * @param archiveSha256 the SHA-256 of data.rbk (hex)
 * @param millis how long taking it took
 */
record Manifest(int format, String name, Instant createdAt, String schemaVersion, String storeId, String kekId,
		String wrappedKey, String signingKeyId, List<Table> tables, Map<String, Long> sequences, List<StoredFile> files,
		long archiveBytes, String archiveSha256, long millis) {

	static final int FORMAT = 1;

	/** A table: rows and the SHA-256 of its binary COPY in primary-key order. */
	record Table(String name, long rows, String sha256) {
	}

	/** A file under the data directory, by its path relative to it. */
	record StoredFile(String path, long bytes, String sha256) {
	}

	long rows() {
		return tables.stream().mapToLong(Table::rows).sum();
	}

}
