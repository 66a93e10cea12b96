package dev.rampart.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.rampart.keys.spi.KekStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every key store does, proved for the local PKCS#12 store and for an HSM
 * (SoftHSM2).
 */
class KekStoreContractTests {

	private static final byte[] SECRET = "a data keyset, serialised".getBytes(StandardCharsets.UTF_8);

	private static final byte[] BINDING = "rampart-keyset:v1:org-a:data".getBytes(StandardCharsets.UTF_8);

	abstract static class Contract {

		abstract KekStore open() throws Exception;

		@Test
		void wrapsAndUnwrapsWithTheCurrentKek() throws Exception {
			KekStore store = open();
			Aead kek = store.kek(store.currentKekId());
			byte[] wrapped = kek.encrypt(SECRET, BINDING);
			assertThat(new String(wrapped, StandardCharsets.ISO_8859_1))
				.doesNotContain(new String(SECRET, StandardCharsets.ISO_8859_1));
			assertThat(kek.decrypt(wrapped, BINDING)).isEqualTo(SECRET);
			assertThat(kek.encrypt(SECRET, BINDING)).as("a fresh IV each time").isNotEqualTo(wrapped);
		}

		@Test
		void aWrappedKeyBoundToOneOrganizationDoesNotOpenAsAnothersAndTamperingIsCaught() throws Exception {
			KekStore store = open();
			Aead kek = store.kek(store.currentKekId());
			byte[] wrapped = kek.encrypt(SECRET, BINDING);
			assertThatThrownBy(
					() -> kek.decrypt(wrapped, "rampart-keyset:v1:org-b:data".getBytes(StandardCharsets.UTF_8)))
				.isInstanceOf(GeneralSecurityException.class);
			byte[] tampered = wrapped.clone();
			tampered[tampered.length - 1] ^= 1;
			assertThatThrownBy(() -> kek.decrypt(tampered, BINDING)).isInstanceOf(GeneralSecurityException.class);
		}

		@Test
		void aNewKekBecomesCurrentAndTheOldOneStillUnwraps() throws Exception {
			KekStore store = open();
			String old = store.currentKekId();
			byte[] wrapped = store.kek(old).encrypt(SECRET, BINDING);
			String fresh = store.createKek();
			assertThat(store.currentKekId()).isEqualTo(fresh).isNotEqualTo(old);
			assertThat(store.kekIds()).contains(old, fresh);
			assertThat(store.kek(old).decrypt(wrapped, BINDING)).isEqualTo(SECRET);
			assertThatThrownBy(() -> store.kek(fresh).decrypt(wrapped, BINDING))
				.isInstanceOf(GeneralSecurityException.class);
		}

		@Test
		void anOrganizationKeyIsMadeOnceAndDestroyedForGood() throws Exception {
			KekStore store = open();
			java.util.UUID org = java.util.UUID.randomUUID();
			int before = store.organizationKeyCount();
			assertThat(store.organizationKey(org)).isEmpty();
			byte[] wrapped = store.createOrganizationKey(org).encrypt(SECRET, BINDING);
			assertThat(store.createOrganizationKey(org).decrypt(wrapped, BINDING)).as("the same key when asked again")
				.isEqualTo(SECRET);
			assertThat(store.organizationKeyCount()).isEqualTo(before + 1);
			assertThat(open().organizationKey(org).orElseThrow().decrypt(wrapped, BINDING))
				.as("another opening of the store finds it")
				.isEqualTo(SECRET);
			assertThat(store.destroyOrganizationKey(org)).isTrue();
			assertThat(open().organizationKey(org)).as("gone for every later opening").isEmpty();
			assertThat(store.organizationKey(org)).isEmpty();
			assertThat(store.destroyOrganizationKey(org)).isFalse();
			assertThat(store.kekIds()).as("organization keys are not KEKs").allMatch(id -> id.startsWith("kek-"));
		}

		@Test
		void theStoreIdIsStableAcrossOpenings() throws Exception {
			KekStore first = open();
			KekStore again = open();
			assertThat(again.storeId()).isEqualTo(first.storeId()).startsWith(first.kind() + "-");
			byte[] wrapped = first.kek(first.currentKekId()).encrypt(SECRET, BINDING);
			assertThat(again.kek(first.currentKekId()).decrypt(wrapped, BINDING)).isEqualTo(SECRET);
		}

	}

	@Nested
	class Local extends Contract {

		@TempDir
		Path directory;

		@Override
		KekStore open() {
			return LocalKekStore.open(directory.resolve("rampart.p12"), "test passphrase".toCharArray());
		}

		@Test
		void nodesSharingTheFileLoseNoneOfEachOthersKeys() throws Exception {
			KekStore first = open();
			KekStore second = open();
			java.util.UUID a = java.util.UUID.randomUUID();
			java.util.UUID b = java.util.UUID.randomUUID();
			byte[] wrappedByA = first.createOrganizationKey(a).encrypt(SECRET, BINDING);
			byte[] wrappedByB = second.createOrganizationKey(b).encrypt(SECRET, BINDING);
			KekStore third = open();
			assertThat(third.organizationKey(a).orElseThrow().decrypt(wrappedByA, BINDING)).isEqualTo(SECRET);
			assertThat(third.organizationKey(b).orElseThrow().decrypt(wrappedByB, BINDING)).isEqualTo(SECRET);
			assertThat(first.organizationKey(b)).as("found after reading the file again").isPresent();
		}

		@Test
		void anotherLocalStoreIsAnotherEnvironmentAndAWrongPassphraseIsRefused(@TempDir Path elsewhere) {
			KekStore mine = open();
			KekStore theirs = LocalKekStore.open(elsewhere.resolve("rampart.p12"), "test passphrase".toCharArray());
			assertThat(theirs.storeId()).isNotEqualTo(mine.storeId());
			assertThatThrownBy(() -> LocalKekStore.open(directory.resolve("rampart.p12"), "wrong".toCharArray()))
				.hasMessageContaining("wrong passphrase");
		}

	}

	@Nested
	class Pkcs11 extends Contract {

		@Override
		KekStore open() throws Exception {
			SoftHsm.requireToken();
			return Pkcs11KekStore.open(SoftHsm.LIBRARY, 0, SoftHsm.PIN.toCharArray());
		}

		@Test
		void theActivityLogSigningKeyIsMadeAndUsedInsideTheHsm() throws Exception {
			Pkcs11KekStore store = (Pkcs11KekStore) open();
			HsmSigningKeys keys = new HsmSigningKeys(store);
			byte[] message = "checkpoint: chain heads".getBytes(StandardCharsets.UTF_8);
			byte[] signature = keys.sign(message);
			assertThat(keys.currentKeyId()).startsWith("pkcs11-ecdsa-p256-");
			assertThat(keys.verify(keys.currentKeyId(), message, signature)).isTrue();
			assertThat(keys.verify(keys.currentKeyId(), "changed".getBytes(StandardCharsets.UTF_8), signature))
				.isFalse();
			assertThat(keys.verify("local-ed25519-0000", message, signature)).as("only keys this store trusts")
				.isFalse();
			assertThat(keys.privateKeyExtractable()).as("the private key stays in the token").isFalse();
			HsmSigningKeys reopened = new HsmSigningKeys((Pkcs11KekStore) open());
			assertThat(reopened.currentKeyId()).as("the same key after a restart").isEqualTo(keys.currentKeyId());
			assertThat(reopened.verify(keys.currentKeyId(), message, signature)).isTrue();
		}

		@Test
		void theKekCannotLeaveTheHsm() throws Exception {
			KekStore store = open();
			assertThat(store.extractable(store.currentKekId())).isFalse();
			assertThat(store.kind()).isEqualTo("pkcs11");
		}

		@Test
		void aWrongSlotIsRefusedWithAClearMessage() throws Exception {
			// (A wrong PIN cannot be shown in this process: PKCS#11 logs the whole
			// application in once.)
			SoftHsm.requireToken();
			assertThatThrownBy(() -> Pkcs11KekStore.open(SoftHsm.LIBRARY, 9, SoftHsm.PIN.toCharArray()))
				.hasMessageContaining("cannot be opened")
				.hasMessageNotContaining(SoftHsm.PIN);
		}

	}

}
