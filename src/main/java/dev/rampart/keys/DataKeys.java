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
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;

/**
 * Data keys: one Tink keyset per organization and purpose, generated on first use, stored
 * only wrapped by the key store's current KEK (bound to its organization and purpose),
 * unwrapped into a bounded, time-limited cache. Rotation adds a new primary key (older
 * ones still decrypt); KEK rotation re-wraps every keyset; destroying an organization's
 * keysets makes every copy of its ciphertext undecryptable.
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

	private @Nullable KeySetsRecord load(UUID org, Purpose purpose) {
		return db.separately(anyone(),
				sql -> sql.selectFrom(KEY_SETS)
					.where(KEY_SETS.ORG_ID.eq(org))
					.and(KEY_SETS.PURPOSE.eq(purpose.column()))
					.fetchOne());
	}

	/** Generated and wrapped here; two nodes racing keep the first one written. */
	private void create(UUID org, Purpose purpose) throws GeneralSecurityException {
		KeysetHandle handle = KeysetHandle.generateNew(purpose.parameters);
		String kekId = store.currentKekId();
		byte[] wrapped = wrap(handle, kekId, org, purpose);
		Instant now = Clocks.now(clock);
		db.separately(anyone(),
				sql -> sql.insertInto(KEY_SETS)
					.set(KEY_SETS.ORG_ID, org)
					.set(KEY_SETS.PURPOSE, purpose.column())
					.set(KEY_SETS.STORE_ID, store.storeId())
					.set(KEY_SETS.KEK_ID, kekId)
					.set(KEY_SETS.WRAPPED, wrapped)
					.set(KEY_SETS.PRIMARY_KEY_ID, (long) handle.getPrimary().getId())
					.set(KEY_SETS.KEY_COUNT, handle.size())
					.set(KEY_SETS.CREATED_AT, now)
					.set(KEY_SETS.ROTATED_AT, now)
					.onConflictDoNothing()
					.execute());
	}

	private byte[] wrap(KeysetHandle handle, String kekId, UUID org, Purpose purpose) throws GeneralSecurityException {
		return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, store.kek(kekId), binding(org, purpose));
	}

	private KeysetHandle unwrap(KeySetsRecord row) throws GeneralSecurityException {
		if (!row.getStoreId().equals(store.storeId())) {
			throw new GeneralSecurityException("keyset wrapped by key store " + row.getStoreId());
		}
		Purpose purpose = Purpose.valueOf(row.getPurpose().toUpperCase(Locale.ROOT));
		return TinkProtoKeysetFormat.parseEncryptedKeyset(row.getWrapped(), store.kek(row.getKekId()),
				binding(row.getOrgId(), purpose));
	}

	/**
	 * The wrapping's associated data: a wrapped keyset opens only as its own
	 * organization's and purpose's.
	 */
	private static byte[] binding(UUID org, Purpose purpose) {
		return ("rampart-keyset:v1:" + org + ":" + purpose.column()).getBytes(StandardCharsets.UTF_8);
	}

	private static DbContext anyone() {
		return DbContext.none();
	}

	// ---- operations (CLI, scheduled) ----

	/** Advisory lock key of the rotation job: "rampart keys rotation". */
	private static final long ROTATION_LOCK = 0x5241_4d50_4b45_5901L;

	/**
	 * {@link #rotateDue()} on one node at a time: the batch runs in one transaction
	 * holding a transaction-scoped advisory lock; another node finding it taken does
	 * nothing (-1).
	 */
	public int rotateDueExclusively() {
		return db.housekeeping(anyone(), sql -> {
			Boolean locked = sql
				.select(org.jooq.impl.DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class,
						org.jooq.impl.DSL.val(ROTATION_LOCK)))
				.fetchOne(0, Boolean.class);
			return Boolean.TRUE.equals(locked) ? rotateDue() : -1;
		});
	}

	/**
	 * Adds a new primary key to every keyset older than the rotation period; the number
	 * rotated.
	 */
	public int rotateDue() {
		Instant due = Clocks.now(clock).minus(settings.rotationPeriod());
		// Blind-index keys are not rotated this way: every stored index value would need
		// recomputing.
		List<KeySetsRecord> rows = db.read(anyone(),
				sql -> sql.selectFrom(KEY_SETS)
					.where(KEY_SETS.ROTATED_AT.lt(due))
					.and(KEY_SETS.PURPOSE.ne(Purpose.INDEX.column()))
					.orderBy(KEY_SETS.ROTATED_AT)
					.limit(1000)
					.fetch());
		rows.forEach(this::rotate);
		return rows.size();
	}

	/**
	 * Adds a new primary key to the organization's content, log and file keysets now
	 * (blind-index keys stay).
	 */
	public void rotate(@Nullable OrgId org) {
		UUID id = org == null ? PLATFORM : org.value();
		for (Purpose purpose : List.of(Purpose.DATA, Purpose.AUDIT, Purpose.STREAM)) {
			KeySetsRecord row = load(id, purpose);
			if (row != null) {
				rotate(row);
			}
		}
	}

	private void rotate(KeySetsRecord row) {
		try {
			Purpose purpose = Purpose.valueOf(row.getPurpose().toUpperCase(Locale.ROOT));
			KeysetHandle current = unwrap(row);
			KeysetHandle rotated = KeysetHandle.newBuilder(current)
				.addEntry(KeysetHandle.generateEntryFromParameters(purpose.parameters).withRandomId().makePrimary())
				.build();
			replace(row, rotated, store.currentKekId());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("rotation failed for a " + row.getPurpose() + " keyset", ex);
		}
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
	 * Organizations (the platform as {@link #PLATFORM}) whose data keyset still holds
	 * older keys.
	 */
	public List<UUID> withOlderDataKeys() {
		return withOlderKeys(Purpose.DATA);
	}

	/** Organizations whose file (stream) keyset still holds older keys. */
	public List<UUID> withOlderStreamKeys() {
		return withOlderKeys(Purpose.STREAM);
	}

	private List<UUID> withOlderKeys(Purpose purpose) {
		return db.read(anyone(),
				sql -> sql.select(KEY_SETS.ORG_ID)
					.from(KEY_SETS)
					.where(KEY_SETS.PURPOSE.eq(purpose.column()))
					.and(KEY_SETS.KEY_COUNT.gt(1))
					.fetch(KEY_SETS.ORG_ID));
	}

	/**
	 * Whether every node has had time to load the organization's rotated data and file
	 * keysets (their cache time has passed since the rotation): until then a node may
	 * still seal with an older key.
	 */
	public boolean rotationSettled(UUID org) {
		for (Purpose purpose : List.of(Purpose.DATA, Purpose.STREAM)) {
			KeySetsRecord row = load(org, purpose);
			if (row != null && !row.getRotatedAt().plus(settings.cacheTime()).isBefore(clock.instant())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Retires the older data keys of an organization once nothing is sealed with them any
	 * more (the caller, the re-encryption job, knows): only the primary key remains.
	 */
	public void retireOlderDataKeys(UUID org) {
		retireOlderKeys(org, Purpose.DATA);
	}

	/**
	 * Retires the older file keys of an organization once no file is sealed with them any
	 * more.
	 */
	public void retireOlderStreamKeys(UUID org) {
		retireOlderKeys(org, Purpose.STREAM);
	}

	private void retireOlderKeys(UUID org, Purpose purpose) {
		KeySetsRecord row = load(org, purpose);
		if (row == null || row.getKeyCount() <= 1) {
			return;
		}
		try {
			KeysetHandle current = unwrap(row);
			KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
			for (int i = builder.size() - 1; i >= 0; i--) {
				if (!builder.getAt(i).isPrimary()) {
					builder.deleteAt(i);
				}
			}
			replace(row, builder.build(), store.currentKekId());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("retiring older " + purpose.column() + " keys failed", ex);
		}
	}

	/**
	 * Re-wraps every keyset with the current KEK (after {@code rotate-kek}); the number
	 * re-wrapped.
	 */
	public int rewrapAll() {
		String kekId = store.currentKekId();
		int done = 0;
		while (true) {
			List<KeySetsRecord> rows = db.read(anyone(),
					sql -> sql.selectFrom(KEY_SETS).where(KEY_SETS.KEK_ID.ne(kekId)).limit(500).fetch());
			if (rows.isEmpty()) {
				return done;
			}
			for (KeySetsRecord row : rows) {
				try {
					replace(row, unwrap(row), kekId);
					done++;
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("re-wrapping failed for a " + row.getPurpose() + " keyset", ex);
				}
			}
		}
	}

	/**
	 * Writes the keyset back, unless another node changed it meanwhile (then theirs
	 * stands).
	 */
	private void replace(KeySetsRecord row, KeysetHandle handle, String kekId) throws GeneralSecurityException {
		Purpose purpose = Purpose.valueOf(row.getPurpose().toUpperCase(Locale.ROOT));
		byte[] wrapped = wrap(handle, kekId, row.getOrgId(), purpose);
		boolean rotated = handle.size() > row.getKeyCount();
		Instant now = Clocks.now(clock);
		db.housekeeping(anyone(),
				sql -> sql.update(KEY_SETS)
					.set(KEY_SETS.WRAPPED, wrapped)
					.set(KEY_SETS.KEK_ID, kekId)
					.set(KEY_SETS.STORE_ID, store.storeId())
					.set(KEY_SETS.PRIMARY_KEY_ID, (long) handle.getPrimary().getId())
					.set(KEY_SETS.KEY_COUNT, handle.size())
					.set(KEY_SETS.ROTATED_AT, rotated ? now : row.getRotatedAt())
					.where(KEY_SETS.ORG_ID.eq(row.getOrgId()))
					.and(KEY_SETS.PURPOSE.eq(row.getPurpose()))
					.and(KEY_SETS.WRAPPED.eq(row.getWrapped()))
					.execute());
		cache.remove(row.getOrgId() + "/" + row.getPurpose());
	}

	/**
	 * Crypto-shredding: the organization's keysets are gone, and with them every copy of
	 * its ciphertext.
	 */
	public int destroy(OrgId org) {
		int deleted = db.housekeeping(anyone(),
				sql -> sql.deleteFrom(KEY_SETS).where(KEY_SETS.ORG_ID.eq(org.value())).execute());
		for (Purpose purpose : Purpose.values()) {
			cache.remove(org.value() + "/" + purpose.column());
		}
		return deleted;
	}

	/** What {@code rampart keys status} prints. */
	public record Status(String storeKind, String storeId, String currentKek, List<String> keks, int keysets,
			Map<String, Integer> keysetsByKek, @Nullable Instant oldestRotation, long dueForRotation) {
	}

	public Status status() {
		Instant due = Clocks.now(clock).minus(settings.rotationPeriod());
		return db.read(anyone(), sql -> {
			Map<String, Integer> byKek = new LinkedHashMap<>();
			sql.select(KEY_SETS.KEK_ID, org.jooq.impl.DSL.count())
				.from(KEY_SETS)
				.groupBy(KEY_SETS.KEK_ID)
				.orderBy(KEY_SETS.KEK_ID)
				.forEach(r -> byKek.put(r.value1(), r.value2()));
			Instant oldest = sql.select(org.jooq.impl.DSL.min(KEY_SETS.ROTATED_AT))
				.from(KEY_SETS)
				.fetchOne(0, Instant.class);
			int due2 = sql.fetchCount(KEY_SETS, KEY_SETS.ROTATED_AT.lt(due));
			return new Status(store.kind(), store.storeId(), store.currentKekId(), store.kekIds(),
					byKek.values().stream().mapToInt(Integer::intValue).sum(), byKek, oldest, due2);
		});
	}

	/**
	 * Unwraps every keyset and round-trips a test value through each: the problems found.
	 */
	public List<String> verify() {
		List<String> problems = new java.util.ArrayList<>();
		List<KeySetsRecord> rows = db.read(anyone(), sql -> sql.selectFrom(KEY_SETS).orderBy(KEY_SETS.ORG_ID).fetch());
		byte[] probe = "rampart key verification".getBytes(StandardCharsets.UTF_8);
		for (KeySetsRecord row : rows) {
			try {
				KeysetHandle handle = unwrap(row);
				if (row.getPurpose().equals(Purpose.STREAM.column())) {
					handle.getPrimitive(RegistryConfiguration.get(), com.google.crypto.tink.StreamingAead.class);
				}
				else if (!row.getPurpose().equals(Purpose.INDEX.column())) {
					Aead aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
					if (!java.util.Arrays.equals(aead.decrypt(aead.encrypt(probe, probe), probe), probe)) {
						problems.add(row.getOrgId() + " data keyset does not round-trip");
					}
				}
				else {
					handle.getPrimitive(RegistryConfiguration.get(), PrfSet.class).computePrimary(probe, 32);
				}
			}
			catch (GeneralSecurityException | RuntimeException ex) {
				problems.add(row.getOrgId() + " " + row.getPurpose() + " keyset does not open: "
						+ ex.getClass().getSimpleName());
			}
		}
		return problems;
	}

	/**
	 * Whether the organization has keysets (an id that never had any gets none created by
	 * asking).
	 */
	public boolean hasKeys(OrgId org) {
		return db.read(anyone(), sql -> sql.fetchExists(KEY_SETS, KEY_SETS.ORG_ID.eq(org.value())));
	}

	/**
	 * The key store answers: its current KEK round-trips a value. Problems found (without
	 * detail).
	 */
	public List<String> verifyStore() {
		byte[] probe = "rampart key store check".getBytes(StandardCharsets.UTF_8);
		try {
			Aead kek = store.kek(store.currentKekId());
			if (java.util.Arrays.equals(kek.decrypt(kek.encrypt(probe, probe), probe), probe)) {
				return List.of();
			}
			return List.of("the current KEK does not round-trip");
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return List.of("the key store does not answer: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Creates a new KEK in the key store and re-wraps every keyset with it; the number
	 * re-wrapped.
	 */
	public int rotateKek() {
		store.createKek();
		return rewrapAll();
	}

	/** The key store's identity, for status output and tests. */
	public KekStore store() {
		return store;
	}

}
