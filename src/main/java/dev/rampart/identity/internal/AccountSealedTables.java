package dev.rampart.identity.internal;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.keys.FieldCipher.Column;
import dev.rampart.keys.spi.SealedTables;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The identity module's sealed columns: accounts' email and name, with the platform key.
 */
@Component
class AccountSealedTables implements SealedTables {

	@Override
	public List<SealedTable> sealedTables() {
		return List.of(new SealedTable(USERS, USERS.ID, null, null, USERS.EMAIL_PLAIN.isNull(),
				List.of(new SealedColumn(USERS.EMAIL, Column.USER_EMAIL),
						new SealedColumn(USERS.DISPLAY_NAME, Column.USER_DISPLAY_NAME))));
	}

}
