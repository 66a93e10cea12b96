package dev.rampart.keys;

import static dev.rampart.db.schema.Tables.KEY_SETS;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PrfSet;
import dev.rampart.db.Database;
import dev.rampart.db.schema.tables.records.KeySetsRecord;
import dev.rampart.keys.DataKeys.Purpose;
import dev.rampart.keys.spi.KekStore;
import dev.rampart.shared.Clocks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * What operators ask about the keys: the status {@code rampart keys status} prints, and
 * checks that every keyset opens and the key store answers.
 */
@Service
public class KeyReport {

	private final Database db;

	private final DataKeys keys;

	private final KekStore store;

	private final KeySettings settings;

	private final Clock clock;

	KeyReport(Database db, DataKeys keys, KekStore store, KeySettings settings, Clock clock) {
		this.db = db;
		this.keys = keys;
		this.store = store;
		this.settings = settings;
		this.clock = clock;
	}

	/** What {@code rampart keys status} prints. */
	public record Status(String storeKind, String storeId, String currentKek, List<String> keks, int keysets,
			Map<String, Integer> keysetsByKek, @Nullable Instant oldestRotation, long dueForRotation) {
	}

	public Status status() {
		Instant due = Clocks.now(clock).minus(settings.rotationPeriod());
		return db.read(DataKeys.anyone(), sql -> {
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
		List<KeySetsRecord> rows = db.read(DataKeys.anyone(),
				sql -> sql.selectFrom(KEY_SETS).orderBy(KEY_SETS.ORG_ID).fetch());
		byte[] probe = "rampart key verification".getBytes(StandardCharsets.UTF_8);
		for (KeySetsRecord row : rows) {
			try {
				KeysetHandle handle = keys.unwrap(row);
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

}
