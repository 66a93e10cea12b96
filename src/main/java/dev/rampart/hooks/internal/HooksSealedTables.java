package dev.rampart.hooks.internal;

import static dev.rampart.db.schema.Tables.WEBHOOKS;
import static dev.rampart.db.schema.Tables.WEBHOOK_DELIVERIES;

import dev.rampart.keys.FieldCipher.Column;
import dev.rampart.keys.spi.SealedTables;
import java.util.List;
import org.springframework.stereotype.Component;

/** The hooks module's sealed columns (each sealed with its organization's key). */
@Component
public class HooksSealedTables implements SealedTables {

	public static final Column URL = new Column("webhooks", "url");

	public static final Column SECRET = new Column("webhooks", "secret");

	public static final Column PREVIOUS_SECRET = new Column("webhooks", "previous_secret");

	public static final Column PAYLOAD = new Column("webhook_deliveries", "payload");

	@Override
	public List<SealedTable> sealedTables() {
		return List.of(
				new SealedTable(WEBHOOKS, WEBHOOKS.ID, WEBHOOKS.ORG_ID, null, org.jooq.impl.DSL.trueCondition(),
						List.of(new SealedColumn(WEBHOOKS.URL, URL), new SealedColumn(WEBHOOKS.SECRET, SECRET))),
				new SealedTable(WEBHOOKS, WEBHOOKS.ID, WEBHOOKS.ORG_ID, null, WEBHOOKS.PREVIOUS_SECRET.isNotNull(),
						List.of(new SealedColumn(WEBHOOKS.PREVIOUS_SECRET, PREVIOUS_SECRET))),
				new SealedTable(WEBHOOK_DELIVERIES, WEBHOOK_DELIVERIES.ID, WEBHOOK_DELIVERIES.ORG_ID, null,
						WEBHOOK_DELIVERIES.PAYLOAD.isNotNull(),
						List.of(new SealedColumn(WEBHOOK_DELIVERIES.PAYLOAD, PAYLOAD))));
	}

}
