package dev.rampart.keys;

import static dev.rampart.db.schema.Tables.KEY_SETS;

import com.google.crypto.tink.KeysetHandle;
import dev.rampart.db.Database;
import dev.rampart.db.schema.tables.records.KeySetsRecord;
import dev.rampart.keys.DataKeys.Purpose;
import dev.rampart.keys.spi.KekStore;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.OrgId;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The keysets' lifecycle: data-key rotation (a new primary key; older ones still
 * decrypt), retiring older keys once nothing is sealed with them, KEK rotation and
 * re-wrapping, and crypto-shredding an organization's keysets. {@link DataKeys} looks
 * keys up; this changes them. Control C18 (docs/controls.md).
 */
@Service
public class KeyRotation {

	private final Database db;

	private final DataKeys keys;

	private final KekStore store;

	private final KeySettings settings;

	private final Clock clock;

	KeyRotation(Database db, DataKeys keys, KekStore store, KeySettings settings, Clock clock) {
		this.db = db;
		this.keys = keys;
		this.store = store;
		this.settings = settings;
		this.clock = clock;
	}

	/** Advisory lock key of the rotation job: "rampart keys rotation". */
	private static final long ROTATION_LOCK = 0x5241_4d50_4b45_5901L;

	/**
	 * {@link #rotateDue()} on one node at a time: the batch runs in one transaction
	 * holding a transaction-scoped advisory lock; another node finding it taken does
	 * nothing (-1).
	 */
	public int rotateDueExclusively() {
		return db.housekeeping(DataKeys.anyone(), sql -> {
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
		List<KeySetsRecord> rows = db.read(DataKeys.anyone(),
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
		UUID id = org == null ? DataKeys.PLATFORM : org.value();
		for (Purpose purpose : List.of(Purpose.DATA, Purpose.AUDIT, Purpose.STREAM)) {
			KeySetsRecord row = keys.load(id, purpose);
			if (row != null) {
				rotate(row);
			}
		}
	}

	private void rotate(KeySetsRecord row) {
		try {
			Purpose purpose = Purpose.valueOf(row.getPurpose().toUpperCase(Locale.ROOT));
			KeysetHandle current = keys.unwrap(row);
			KeysetHandle rotated = KeysetHandle.newBuilder(current)
				.addEntry(KeysetHandle.generateEntryFromParameters(purpose.parameters()).withRandomId().makePrimary())
				.build();
			keys.replace(row, rotated, store.currentKekId());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("rotation failed for a " + row.getPurpose() + " keyset", ex);
		}
	}

	/**
	 * Organizations (the platform as {@link DataKeys#PLATFORM}) whose data keyset still
	 * holds older keys.
	 */
	public List<UUID> withOlderDataKeys() {
		return withOlderKeys(Purpose.DATA);
	}

	/** Organizations whose file (stream) keyset still holds older keys. */
	public List<UUID> withOlderStreamKeys() {
		return withOlderKeys(Purpose.STREAM);
	}

	private List<UUID> withOlderKeys(Purpose purpose) {
		return db.read(DataKeys.anyone(),
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
			KeySetsRecord row = keys.load(org, purpose);
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
		KeySetsRecord row = keys.load(org, purpose);
		if (row == null || row.getKeyCount() <= 1) {
			return;
		}
		try {
			KeysetHandle current = keys.unwrap(row);
			KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
			for (int i = builder.size() - 1; i >= 0; i--) {
				if (!builder.getAt(i).isPrimary()) {
					builder.deleteAt(i);
				}
			}
			keys.replace(row, builder.build(), store.currentKekId());
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
			List<KeySetsRecord> rows = db.read(DataKeys.anyone(),
					sql -> sql.selectFrom(KEY_SETS).where(KEY_SETS.KEK_ID.ne(kekId)).limit(500).fetch());
			if (rows.isEmpty()) {
				return done;
			}
			for (KeySetsRecord row : rows) {
				try {
					keys.replace(row, keys.unwrap(row), kekId);
					done++;
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("re-wrapping failed for a " + row.getPurpose() + " keyset", ex);
				}
			}
		}
	}

	/**
	 * Crypto-shredding: the organization's keysets are gone, and its key inside the key
	 * store with them, so every copy of its ciphertext is useless, including the keysets
	 * and content in backups taken before.
	 */
	public int destroy(OrgId org) {
		// On a connection of its own: this runs after the deletion committed (an
		// after-commit listener), when the request's transaction can no longer take
		// statements.
		int deleted = db.separately(DataKeys.anyone(),
				sql -> sql.deleteFrom(KEY_SETS).where(KEY_SETS.ORG_ID.eq(org.value())).execute());
		store.destroyOrganizationKey(org.value());
		keys.evict(org.value());
		return deleted;
	}

	/**
	 * Re-wraps keysets stored before organization keys existed under their organization's
	 * key (once, after the upgrade); the number re-wrapped.
	 */
	public int layerOrganizationKeys() {
		int done = 0;
		while (true) {
			List<KeySetsRecord> rows = db.read(DataKeys.anyone(),
					sql -> sql.selectFrom(KEY_SETS)
						.where(KEY_SETS.ORGANIZATION_LAYER.isFalse())
						.and(KEY_SETS.ORG_ID.ne(DataKeys.PLATFORM))
						.limit(500)
						.fetch());
			if (rows.isEmpty()) {
				return done;
			}
			for (KeySetsRecord row : rows) {
				try {
					keys.replace(row, keys.unwrap(row), row.getKekId());
					done++;
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("layering failed for a " + row.getPurpose() + " keyset", ex);
				}
			}
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

	/**
	 * Whether the organization has keysets (an id that never had any gets none created by
	 * asking).
	 */
	public boolean hasKeys(OrgId org) {
		return db.read(DataKeys.anyone(), sql -> sql.fetchExists(KEY_SETS, KEY_SETS.ORG_ID.eq(org.value())));
	}

	/** The id of the key store's current KEK. */
	public String currentKekId() {
		return store.currentKekId();
	}

}
