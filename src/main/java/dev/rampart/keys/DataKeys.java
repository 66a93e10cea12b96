package dev.rampart.keys;

import static dev.rampart.db.schema.Tables.KEY_SETS;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.KeySetsRecord;
import dev.rampart.keys.spi.KekStore;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;

/**
 * Data keys: one Tink keyset per organization and purpose, generated on first use, stored
 * only wrapped by the key store's current KEK (bound to its organization and purpose),
 * unwrapped into a bounded, time-limited cache. This class looks keys up;
 * {@link KeyRotation} rotates, retires, re-wraps and destroys them; {@link KeyReport}
 * reports on them. Control C17 (docs/controls.md).
 */
@Service
public class DataKeys implements SmartInitializingSingleton {

	/** The platform's keysets (user emails and names) use this organization id. */
	public static final UUID PLATFORM = new UUID(0, 0);

	/** What a keyset is for. */
	public enum Purpose {

		/** AES-256-GCM for content. */
		DATA(PredefinedAeadParameters.AES256_GCM, Aead.class),
		/** HMAC-SHA256 for blind indexes (equality search on encrypted values). */
		INDEX(PredefinedPrfParameters.HMAC_SHA256_PRF, PrfSet.class),
		/**
		 * AES-256-GCM for activity-log data: rotated like content keys, but older keys
		 * are never retired, since entries are append-only and cannot be re-encrypted.
		 */
		AUDIT(PredefinedAeadParameters.AES256_GCM, Aead.class),
		/**
		 * AES-256-GCM-HKDF in 1 MB segments for files (attachments), encrypted as they
		 * stream.
		 */
		STREAM(com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB,
				com.google.crypto.tink.StreamingAead.class);

		private final Parameters parameters;

		private final Class<?> primitive;

		Parameters parameters() {
			return parameters;
		}

		Purpose(Parameters parameters, Class<?> primitive) {
			this.parameters = parameters;
			this.primitive = primitive;
		}

		String column() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	static {
		try {
			AeadConfig.register();
			PrfConfig.register();
			com.google.crypto.tink.streamingaead.StreamingAeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Database db;

	private final KekStore store;

	private final KeySettings settings;

	private final Clock clock;

	private final Map<String, Cached> cache;

	/**
	 * An unwrapped keyset and its primitive, built once: a page of tasks opens dozens of
	 * values.
	 */
	private record Cached(KeysetHandle handle, Object primitive, Instant loaded) {
	}

	DataKeys(Database db, KekStore store, KeySettings settings, Clock clock) {
		this.db = db;
		this.store = store;
		this.settings = settings;
		this.clock = clock;
		int size = settings.cacheSize();
		this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
				return size() > size;
			}
		});
	}

	/**
	 * Refuses to start against a database whose keys another key store wrapped: each
	 * environment has its own key store, and mixing them would make data undecryptable.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		List<String> foreign = db.read(anyone(),
				sql -> sql.selectDistinct(KEY_SETS.STORE_ID)
					.from(KEY_SETS)
					.where(KEY_SETS.STORE_ID.ne(store.storeId()))
					.fetch(KEY_SETS.STORE_ID));
		if (!foreign.isEmpty()) {
			throw new IllegalStateException("This database's data keys were wrapped by key store " + foreign
					+ ", but this node's key store is " + store.storeId() + " (" + store.kind() + "). Each environment "
					+ "has its own key store: point rampart.keys.* at the one this database belongs to.");
		}
	}

	/** The organization's (or, for null, the platform's) content cipher. */
	public Aead aead(@Nullable OrgId org) {
		return primitive(org, Purpose.DATA, Aead.class);
	}

	/** The organization's file cipher: encrypts and decrypts as the bytes stream. */
	public com.google.crypto.tink.StreamingAead streamingAead(@Nullable OrgId org) {
		return primitive(org, Purpose.STREAM, com.google.crypto.tink.StreamingAead.class);
	}

	/**
	 * The file cipher and the id of its primary key, which encrypts: recorded with each
	 * file.
	 */
	public record StreamSealer(com.google.crypto.tink.StreamingAead aead, long keyId) {
	}

	/**
	 * The organization's file cipher for writing, with the id of the key it writes with.
	 */
	public StreamSealer streamSealer(OrgId org) {
		try {
			Cached cached = cached(org.value(), Purpose.STREAM);
			return new StreamSealer((com.google.crypto.tink.StreamingAead) cached.primitive(),
					cached.handle().getPrimary().getId());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the stream keyset of " + org + " is unusable", ex);
		}
	}

	/**
	 * The id of the organization's primary streaming key (files written with another are
	 * due for re-encryption).
	 */
	public long primaryStreamKeyId(OrgId org) {
		try {
			return handle(org.value(), Purpose.STREAM).getPrimary().getId();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the stream keyset of " + org + " is unusable", ex);
		}
	}

	/** The cipher of the organization's (or the platform's) activity-log data. */
	public Aead auditAead(@Nullable OrgId org) {
		return primitive(org, Purpose.AUDIT, Aead.class);
	}

	/** The organization's (or the platform's) blind-index function. */
	public PrfSet index(@Nullable OrgId org) {
		return primitive(org, Purpose.INDEX, PrfSet.class);
	}

	private <P> P primitive(@Nullable OrgId org, Purpose purpose, Class<P> type) {
		try {
			return type.cast(cached(org == null ? PLATFORM : org.value(), purpose).primitive());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the " + purpose.column() + " keyset of " + org + " is unusable", ex);
		}
	}

	private KeysetHandle handle(UUID org, Purpose purpose) throws GeneralSecurityException {
		return cached(org, purpose).handle();
	}

	private Cached cached(UUID org, Purpose purpose) throws GeneralSecurityException {
		String key = org + "/" + purpose.column();
		Cached cached = cache.get(key);
		Instant now = clock.instant();
		if (cached != null && cached.loaded().plus(settings.cacheTime()).isAfter(now)) {
			return cached;
		}
		KeySetsRecord row = load(org, purpose);
		if (row == null) {
			create(org, purpose);
			row = load(org, purpose);
			if (row == null) {
				throw new GeneralSecurityException("keyset vanished while being created");
			}
		}
		KeysetHandle handle = unwrap(row);
		Cached loaded = new Cached(handle, handle.getPrimitive(RegistryConfiguration.get(), purpose.primitive), now);
		cache.put(key, loaded);
		return loaded;
	}

	@Nullable KeySetsRecord load(UUID org, Purpose purpose) {
		return db.separately(anyone(),
				sql -> sql.selectFrom(KEY_SETS)
					.where(KEY_SETS.ORG_ID.eq(org))
					.and(KEY_SETS.PURPOSE.eq(purpose.column()))
					.fetchOne());
	}

	/**
	 * Generated and wrapped here, under a lock per organization held in the database: two
	 * nodes racing make one organization key and keep the first keyset written.
	 */
	private void create(UUID org, Purpose purpose) throws GeneralSecurityException {
		KeysetHandle handle = KeysetHandle.generateNew(purpose.parameters);
		String kekId = store.currentKekId();
		Instant now = Clocks.now(clock);
		db.separately(anyone(), sql -> {
			sql.select(DSL.field("pg_advisory_xact_lock({0})", Object.class,
					DSL.val(org.getMostSignificantBits() ^ org.getLeastSignificantBits())))
				.fetch();
			byte[] wrapped;
			try {
				wrapped = wrap(handle, kekId, org, purpose, true);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("a new " + purpose.column() + " keyset could not be wrapped", ex);
			}
			return sql.insertInto(KEY_SETS)
				.set(KEY_SETS.ORG_ID, org)
				.set(KEY_SETS.PURPOSE, purpose.column())
				.set(KEY_SETS.STORE_ID, store.storeId())
				.set(KEY_SETS.KEK_ID, kekId)
				.set(KEY_SETS.WRAPPED, wrapped)
				.set(KEY_SETS.ORGANIZATION_LAYER, layered(org))
				.set(KEY_SETS.PRIMARY_KEY_ID, (long) handle.getPrimary().getId())
				.set(KEY_SETS.KEY_COUNT, handle.size())
				.set(KEY_SETS.CREATED_AT, now)
				.set(KEY_SETS.ROTATED_AT, now)
				.onConflictDoNothing()
				.execute();
		});
	}

	/**
	 * Every organization's keysets are wrapped by its own key too; the platform's, which
	 * is never deleted, by the KEK alone.
	 */
	private static boolean layered(UUID org) {
		return !PLATFORM.equals(org);
	}

	private byte[] wrap(KeysetHandle handle, String kekId, UUID org, Purpose purpose, boolean createOrganizationKey)
			throws GeneralSecurityException {
		return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle,
				wrapping(kekId, org, layered(org), createOrganizationKey), binding(org, purpose));
	}

	/**
	 * The organization's key inside the KEK: ciphertext = KEK(organization key(keyset)).
	 */
	private Aead wrapping(String kekId, UUID org, boolean organizationLayer, boolean createOrganizationKey)
			throws GeneralSecurityException {
		Aead kek = store.kek(kekId);
		if (!organizationLayer) {
			return kek;
		}
		java.util.Optional<Aead> found = store.organizationKey(org);
		if (found.isEmpty() && !createOrganizationKey) {
			throw new ShreddedKeys(org);
		}
		Aead inner = found.isPresent() ? found.get() : store.createOrganizationKey(org);
		return new Aead() {
			@Override
			public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
				return kek.encrypt(inner.encrypt(plaintext, associatedData), associatedData);
			}

			@Override
			public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
				return inner.decrypt(kek.decrypt(ciphertext, associatedData), associatedData);
			}
		};
	}

	/**
	 * The organization's key is gone from the key store: it was deleted (crypto-shredded)
	 * after these keysets were stored, e.g. they came back with an older backup.
	 */
	public static final class ShreddedKeys extends GeneralSecurityException {

		private static final long serialVersionUID = 1L;

		ShreddedKeys(UUID org) {
			super("the keys of organization " + org + " were destroyed (crypto-shredded)");
		}

	}

	KeysetHandle unwrap(KeySetsRecord row) throws GeneralSecurityException {
		if (!row.getStoreId().equals(store.storeId())) {
			throw new GeneralSecurityException("keyset wrapped by key store " + row.getStoreId());
		}
		Purpose purpose = Purpose.valueOf(row.getPurpose().toUpperCase(Locale.ROOT));
		return TinkProtoKeysetFormat.parseEncryptedKeyset(row.getWrapped(),
				wrapping(row.getKekId(), row.getOrgId(), row.getOrganizationLayer(), false),
				binding(row.getOrgId(), purpose));
	}

	/**
	 * The wrapping's associated data: a wrapped keyset opens only as its own
	 * organization's and purpose's.
	 */
	private static byte[] binding(UUID org, Purpose purpose) {
		return ("rampart-keyset:v1:" + org + ":" + purpose.column()).getBytes(StandardCharsets.UTF_8);
	}

	static DbContext anyone() {
		return DbContext.none();
	}

	/**
	 * The Tink output prefix (version byte and key id) of the primary data key: a sealed
	 * value that starts otherwise was sealed with an older key and is due for
	 * re-encryption.
	 */
	public byte[] primaryDataPrefix(@Nullable OrgId org) {
		try {
			int id = handle(org == null ? PLATFORM : org.value(), Purpose.DATA).getPrimary().getId();
			return java.nio.ByteBuffer.allocate(5).put((byte) 1).putInt(id).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the data keyset of " + org + " is unusable", ex);
		}
	}

	/**
	 * Writes the keyset back, unless another node changed it meanwhile (then theirs
	 * stands).
	 */
	void replace(KeySetsRecord row, KeysetHandle handle, String kekId) throws GeneralSecurityException {
		Purpose purpose = Purpose.valueOf(row.getPurpose().toUpperCase(Locale.ROOT));
		// Re-wrapping also moves a keyset written before organization keys existed under
		// its organization's key.
		byte[] wrapped = wrap(handle, kekId, row.getOrgId(), purpose, true);
		boolean rotated = handle.size() > row.getKeyCount();
		Instant now = Clocks.now(clock);
		db.housekeeping(anyone(),
				sql -> sql.update(KEY_SETS)
					.set(KEY_SETS.WRAPPED, wrapped)
					.set(KEY_SETS.KEK_ID, kekId)
					.set(KEY_SETS.STORE_ID, store.storeId())
					.set(KEY_SETS.ORGANIZATION_LAYER, layered(row.getOrgId()))
					.set(KEY_SETS.PRIMARY_KEY_ID, (long) handle.getPrimary().getId())
					.set(KEY_SETS.KEY_COUNT, handle.size())
					.set(KEY_SETS.ROTATED_AT, rotated ? now : row.getRotatedAt())
					.where(KEY_SETS.ORG_ID.eq(row.getOrgId()))
					.and(KEY_SETS.PURPOSE.eq(row.getPurpose()))
					.and(KEY_SETS.WRAPPED.eq(row.getWrapped()))
					.execute());
		cache.remove(row.getOrgId() + "/" + row.getPurpose());
	}

	/** The key store's identity, for status output and tests. */
	public KekStore store() {
		return store;
	}

	/** Forgets the organization's unwrapped keysets on this node (after destruction). */
	void evict(UUID org) {
		for (Purpose purpose : Purpose.values()) {
			cache.remove(org + "/" + purpose.column());
		}
	}

}
