package dev.rampart.keys;

import static dev.rampart.db.schema.Tables.KEY_SETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.rampart.IntegrationTest;
import dev.rampart.db.ExtraNode;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.db.schema.tables.records.KeySetsRecord;
import dev.rampart.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Per-organization data keysets: wrapped, bound to their organization, rotated,
 * re-wrapped, destroyed.
 */
class DataKeysIntegrationTests extends IntegrationTest {

	private static final byte[] PLAIN = "Quarterly plan: acquire Initech".getBytes(StandardCharsets.UTF_8);

	private static final byte[] CONTEXT = "tasks.title:row-1".getBytes(StandardCharsets.UTF_8);

	@Autowired
	DataKeys keys;

	@Autowired
	KeyRotation rotation;

	@Autowired
	KeyReport report;

	@Autowired
	OwnerDatabase owner;

	@Autowired
	ApplicationContext context;

	@Test
	void eachOrganizationHasItsOwnKeysetStoredOnlyWrapped() throws Exception {
		OrgId a = OrgId.random();
		OrgId b = OrgId.random();
		byte[] sealed = keys.aead(a).encrypt(PLAIN, CONTEXT);
		assertThat(keys.aead(a).decrypt(sealed, CONTEXT)).isEqualTo(PLAIN);
		assertThatThrownBy(() -> keys.aead(b).decrypt(sealed, CONTEXT)).isInstanceOf(GeneralSecurityException.class);
		KeySetsRecord row = row(a, "data");
		assertThat(row.getStoreId()).isEqualTo(keys.store().storeId());
		assertThat(row.getKekId()).isEqualTo(keys.store().currentKekId());
		assertThat(keys.index(a).computePrimary(PLAIN, 32)).isNotEqualTo(keys.index(b).computePrimary(PLAIN, 32))
			.isEqualTo(keys.index(a).computePrimary(PLAIN, 32));
	}

	@Test
	void aWrappedKeysetCopiedToAnotherOrganizationDoesNotOpen() {
		OrgId a = OrgId.random();
		OrgId b = OrgId.random();
		keys.aead(a);
		keys.aead(b);
		byte[] stolen = row(a, "data").getWrapped();
		owner.transaction(sql -> sql.update(KEY_SETS)
			.set(KEY_SETS.WRAPPED, stolen)
			.where(KEY_SETS.ORG_ID.eq(b.value()))
			.and(KEY_SETS.PURPOSE.eq("data"))
			.execute());
		assertThat(report.verify()).anyMatch(problem -> problem.startsWith(b.value() + " data keyset does not open"));
		owner.transaction(sql -> sql.deleteFrom(KEY_SETS).where(KEY_SETS.ORG_ID.eq(b.value())).execute());
	}

	@Test
	void rotationAddsAPrimaryKeyAndOldCiphertextStillOpens() throws Exception {
		OrgId org = OrgId.random();
		byte[] before = keys.aead(org).encrypt(PLAIN, CONTEXT);
		long firstPrimary = row(org, "data").getPrimaryKeyId();
		rotation.rotate(org);
		KeySetsRecord rotated = row(org, "data");
		assertThat(rotated.getKeyCount()).isEqualTo(2);
		assertThat(rotated.getPrimaryKeyId()).isNotEqualTo(firstPrimary);
		Aead aead = keys.aead(org);
		assertThat(aead.decrypt(before, CONTEXT)).isEqualTo(PLAIN);
		assertThat(aead.decrypt(aead.encrypt(PLAIN, CONTEXT), CONTEXT)).isEqualTo(PLAIN);
	}

	@Test
	void aNewKekReWrapsEveryKeysetAndNothingIsLost() throws Exception {
		OrgId org = OrgId.random();
		byte[] before = keys.aead(org).encrypt(PLAIN, CONTEXT);
		String kek = keys.store().createKek();
		int rewrapped = rotation.rewrapAll();
		assertThat(rewrapped).isPositive();
		int notRewrapped = owner.transaction(sql -> sql.fetchCount(KEY_SETS, KEY_SETS.KEK_ID.ne(kek)));
		assertThat(notRewrapped).isZero();
		assertThat(keys.aead(org).decrypt(before, CONTEXT)).isEqualTo(PLAIN);
		assertThat(report.verify()).isEmpty();
	}

	/**
	 * Deleting an organization publishes {@code OrganizationDeleted}; the after-commit
	 * listener destroys its keysets before the answer, and the publication registry holds
	 * nothing outstanding afterwards (a left-over row would be shredding still to do).
	 */
	@Test
	void deletingAnOrganizationDestroysItsKeysOnceTheDeletionCommitted() {
		var owner1 = api().newUser("shredder");
		String orgId = api().create("/api/v1/orgs", owner1.token(), Map.of("name", "Short-lived"));
		api().create("/api/v1/orgs/" + orgId + "/projects", owner1.token(), Map.of("name", "Sealed names"));
		java.util.UUID id = java.util.UUID.fromString(orgId);
		int keysets = owner.transaction(sql -> sql.fetchCount(KEY_SETS, KEY_SETS.ORG_ID.eq(id)));
		assertThat(keysets).isPositive();

		assertThat(api().call("DELETE", "/api/v1/orgs/" + orgId, owner1.token(), null).status()).isEqualTo(204);

		int left = owner.transaction(sql -> sql.fetchCount(KEY_SETS, KEY_SETS.ORG_ID.eq(id)));
		assertThat(left).isZero();
		int outstanding = owner.transaction(sql -> sql.fetchCount(
				org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("rampart", "event_publication")),
				org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("serialized_event"), String.class).contains(orgId)));
		assertThat(outstanding).as("outstanding publications").isZero();
	}

	@Test
	void destroyingAnOrganizationsKeysMakesItsOldCiphertextUndecryptable() throws Exception {
		OrgId org = OrgId.random();
		byte[] copyInABackup = keys.aead(org).encrypt(PLAIN, CONTEXT);
		keys.index(org);
		assertThat(rotation.destroy(org)).isEqualTo(2);
		int left = owner.transaction(sql -> sql.fetchCount(KEY_SETS, KEY_SETS.ORG_ID.eq(org.value())));
		assertThat(left).isZero();
		assertThatThrownBy(() -> keys.aead(org).decrypt(copyInABackup, CONTEXT))
			.isInstanceOf(GeneralSecurityException.class);
	}

	/**
	 * A backup holds the wrapped keysets, and the KEK that wrapped them survives the
	 * deletion. Only the organization's own key inside the key store does not: the
	 * keysets a restore brings back stay shut, with the environment's own KEK at hand.
	 */
	@Test
	void keysetsRestoredFromABackupTakenBeforeTheDeletionStayShut() throws Exception {
		OrgId org = OrgId.random();
		byte[] sealedInTheBackup = keys.aead(org).encrypt(PLAIN, CONTEXT);
		java.util.List<KeySetsRecord> inTheBackup = owner
			.transaction(sql -> sql.selectFrom(KEY_SETS).where(KEY_SETS.ORG_ID.eq(org.value())).fetch());
		assertThat(inTheBackup).isNotEmpty().allMatch(KeySetsRecord::getOrganizationLayer);
		assertThat(keys.store().organizationKey(org.value())).isPresent();
		rotation.destroy(org);
		assertThat(keys.store().organizationKey(org.value())).as("destroyed inside the key store").isEmpty();
		// The restore: the very rows, with the same KEK still in the store.
		owner.transaction(sql -> {
			inTheBackup.forEach(row -> sql.insertInto(KEY_SETS)
				.set(row.copy())
				.set(KEY_SETS.ORG_ID, org.value())
				.set(KEY_SETS.PURPOSE, row.getPurpose())
				.execute());
			return null;
		});
		assertThat(keys.store().kekIds()).contains(inTheBackup.get(0).getKekId());
		assertThatThrownBy(() -> keys.aead(org).decrypt(sealedInTheBackup, CONTEXT))
			.hasRootCauseInstanceOf(DataKeys.ShreddedKeys.class);
		assertThat(report.verify()).anyMatch(problem -> problem.startsWith(org.value() + " data keyset does not open"));
		owner.transaction(sql -> sql.deleteFrom(KEY_SETS).where(KEY_SETS.ORG_ID.eq(org.value())).execute());
	}

	@Test
	void keysetsFromBeforeOrganizationKeysAreMovedUnderThem() throws Exception {
		OrgId org = OrgId.random();
		byte[] sealed = keys.aead(org).encrypt(PLAIN, CONTEXT);
		KeySetsRecord row = row(org, "data");
		// As stored before organization keys existed: wrapped by the KEK alone.
		byte[] legacy = com.google.crypto.tink.TinkProtoKeysetFormat.serializeEncryptedKeyset(keys.unwrap(row),
				keys.store().kek(row.getKekId()),
				("rampart-keyset:v1:" + org.value() + ":data").getBytes(StandardCharsets.UTF_8));
		owner.transaction(sql -> sql.update(KEY_SETS)
			.set(KEY_SETS.WRAPPED, legacy)
			.set(KEY_SETS.ORGANIZATION_LAYER, false)
			.where(KEY_SETS.ORG_ID.eq(org.value()))
			.and(KEY_SETS.PURPOSE.eq("data"))
			.execute());
		assertThat(rotation.layerOrganizationKeys()).isGreaterThanOrEqualTo(1);
		assertThat(row(org, "data").getOrganizationLayer()).isTrue();
		assertThat(keys.aead(org).decrypt(sealed, CONTEXT)).isEqualTo(PLAIN);
		rotation.destroy(org);
	}

	@Test
	void aNodeWithAnotherEnvironmentsKeyStoreIsRefusedAtStart(@TempDir Path elsewhere) {
		keys.aead(OrgId.random());
		assertThatThrownBy(() -> ExtraNode.start(context, HOME, freePort(),
				Map.of("rampart.keys.local.file", elsewhere.resolve("other.p12").toString(),
						"rampart.keys.local.passphrase", "another environment")))
			.hasStackTraceContaining("Each environment has its own key store");
	}

	private KeySetsRecord row(OrgId org, String purpose) {
		return owner.transaction(sql -> sql.selectFrom(KEY_SETS)
			.where(KEY_SETS.ORG_ID.eq(org.value()))
			.and(KEY_SETS.PURPOSE.eq(purpose))
			.fetchOne());
	}

}
