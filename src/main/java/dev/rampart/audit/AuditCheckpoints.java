package dev.rampart.audit;

import static dev.rampart.db.schema.Tables.AUDIT_CHAIN_HEADS;
import static dev.rampart.db.schema.Tables.AUDIT_CHECKPOINTS;
import static dev.rampart.db.schema.Tables.AUDIT_CHECKPOINT_HEADS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.keys.SigningKeys;
import dev.rampart.shared.Clocks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Signs the heads of the chains that moved since the last checkpoint. Whoever can write
 * to the database could recompute a whole chain after changing it; they cannot forge
 * these signatures, which the key store makes. One node at a time (a transaction-scoped
 * advisory lock).
 */
@Component
public class AuditCheckpoints implements SchedulingConfigurer {

	/** Advisory lock key: "rampart audit checkpoint". */
	private static final long LOCK = 0x5241_4d50_4155_4401L;

	private final Database db;

	private final SigningKeys keys;

	private final Clock clock;

	private final java.time.Duration interval;

	AuditCheckpoints(Database db, SigningKeys keys, Clock clock, AuditSettings settings) {
		this.interval = settings.checkpointInterval();
		this.db = db;
		this.keys = keys;
		this.clock = clock;
	}

	/** One head as a checkpoint signs it. */
	record Head(UUID chain, long seq, byte[] hash) {
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::checkpoint, interval, interval));
	}

	/**
	 * Signs the moved heads now; the number of chains signed (0 when nothing moved or
	 * another node is at it).
	 */
	public int checkpoint() {
		return db.housekeeping(DbContext.none(), sql -> {
			Boolean locked = sql.select(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class, DSL.val(LOCK)))
				.fetchOne(0, Boolean.class);
			if (!Boolean.TRUE.equals(locked)) {
				return 0;
			}
			var signed = DSL.select(DSL.max(AUDIT_CHECKPOINT_HEADS.SEQ))
				.from(AUDIT_CHECKPOINT_HEADS)
				.where(AUDIT_CHECKPOINT_HEADS.CHAIN.eq(AUDIT_CHAIN_HEADS.CHAIN))
				.asField();
			List<Head> moved = sql.select(AUDIT_CHAIN_HEADS.CHAIN, AUDIT_CHAIN_HEADS.SEQ, AUDIT_CHAIN_HEADS.HASH)
				.from(AUDIT_CHAIN_HEADS)
				.where(AUDIT_CHAIN_HEADS.SEQ.gt(DSL.coalesce(signed.cast(Long.class), 0L)))
				.orderBy(AUDIT_CHAIN_HEADS.CHAIN)
				.fetch(r -> new Head(r.value1(), r.value2(), r.value3()));
			if (moved.isEmpty()) {
				return 0;
			}
			Instant at = Clocks.now(clock);
			String payload = payload(at, moved);
			long id = sql.insertInto(AUDIT_CHECKPOINTS)
				.set(AUDIT_CHECKPOINTS.AT, at)
				.set(AUDIT_CHECKPOINTS.KEY_ID, keys.currentKeyId())
				.set(AUDIT_CHECKPOINTS.PAYLOAD, payload)
				.set(AUDIT_CHECKPOINTS.SIGNATURE, keys.sign(payload.getBytes(StandardCharsets.UTF_8)))
				.returning(AUDIT_CHECKPOINTS.ID)
				.fetchSingle(AUDIT_CHECKPOINTS.ID);
			var insert = sql.insertInto(AUDIT_CHECKPOINT_HEADS, AUDIT_CHECKPOINT_HEADS.CHECKPOINT_ID,
					AUDIT_CHECKPOINT_HEADS.CHAIN, AUDIT_CHECKPOINT_HEADS.SEQ);
			for (Head head : moved) {
				insert = insert.values(id, head.chain(), head.seq());
			}
			insert.execute();
			return moved.size();
		});
	}

	static String payload(Instant at, List<Head> heads) {
		return CanonicalJson.write(Map.of("at", DateTimeFormatter.ISO_INSTANT.format(at), "heads", heads.stream()
			.map(h -> Map.of("chain", h.chain().toString(), "seq", h.seq(), "hash", HexFormat.of().formatHex(h.hash())))
			.toList()));
	}

}
