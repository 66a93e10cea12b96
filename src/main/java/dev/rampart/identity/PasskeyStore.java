package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.WEBAUTHN_CREDENTIALS;
import static dev.rampart.db.schema.Tables.WEBAUTHN_USERS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.WebauthnCredentialsRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Spring Security's passkey repositories over Rampart's tables, through row-level
 * security: each call runs in the database context {@link Passkeys} sets for the ceremony
 * (the signed-in user, or for a passwordless sign-in the one credential the authenticator
 * named). A user entity's name is the Rampart user id; the user handle the authenticator
 * keeps is 64 random bytes, not the id.
 */
final class PasskeyStore implements PublicKeyCredentialUserEntityRepository, UserCredentialRepository {

	private static final ThreadLocal<DbContext> CONTEXT = new ThreadLocal<>();

	private final Database db;

	private final Clock clock;

	PasskeyStore(Database db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	/**
	 * Runs a ceremony step with the repositories seeing what {@code context} lets them.
	 */
	<T> T within(DbContext context, java.util.function.Supplier<T> step) {
		CONTEXT.set(context);
		try {
			return step.get();
		}
		finally {
			CONTEXT.remove();
		}
	}

	private DbContext context() {
		DbContext context = CONTEXT.get();
		if (context == null) {
			throw new IllegalStateException("passkey repositories used outside a ceremony");
		}
		return context;
	}

	@Override
	public @Nullable PublicKeyCredentialUserEntity findById(Bytes id) {
		return db.read(context(),
				sql -> sql.select(WEBAUTHN_USERS.USER_ID)
					.from(WEBAUTHN_USERS)
					.where(WEBAUTHN_USERS.HANDLE.eq(id.getBytes()))
					.fetchOptional(r -> entity(r.value1(), id.getBytes()))
					.orElse(null));
	}

	@Override
	public @Nullable PublicKeyCredentialUserEntity findByUsername(String username) {
		UUID user = UUID.fromString(username);
		return db.read(context(),
				sql -> sql.select(WEBAUTHN_USERS.HANDLE)
					.from(WEBAUTHN_USERS)
					.where(WEBAUTHN_USERS.USER_ID.eq(user))
					.fetchOptional(r -> entity(user, r.value1()))
					.orElse(null));
	}

	@Override
	public void save(PublicKeyCredentialUserEntity entity) {
		UUID user = UUID.fromString(entity.getName());
		db.write(context(),
				sql -> sql.insertInto(WEBAUTHN_USERS)
					.set(WEBAUTHN_USERS.USER_ID, user)
					.set(WEBAUTHN_USERS.HANDLE, entity.getId().getBytes())
					.onConflictDoNothing()
					.execute());
	}

	@Override
	public void delete(Bytes id) {
		db.write(context(),
				sql -> sql.deleteFrom(WEBAUTHN_CREDENTIALS)
					.where(WEBAUTHN_CREDENTIALS.CREDENTIAL_ID.eq(id.getBytes()))
					.execute());
	}

	@Override
	public void save(CredentialRecord record) {
		Instant now = clock.instant();
		db.write(context(), sql -> {
			UUID user = sql.select(WEBAUTHN_USERS.USER_ID)
				.from(WEBAUTHN_USERS)
				.where(WEBAUTHN_USERS.HANDLE.eq(record.getUserEntityUserId().getBytes()))
				.fetchSingle(WEBAUTHN_USERS.USER_ID);
			String transports = record.getTransports() == null ? ""
					: record.getTransports()
						.stream()
						.map(AuthenticatorTransport::getValue)
						.sorted()
						.collect(Collectors.joining(","));
			return sql.insertInto(WEBAUTHN_CREDENTIALS)
				.set(WEBAUTHN_CREDENTIALS.CREDENTIAL_ID, record.getCredentialId().getBytes())
				.set(WEBAUTHN_CREDENTIALS.USER_ID, user)
				.set(WEBAUTHN_CREDENTIALS.PUBLIC_KEY, record.getPublicKey().getBytes())
				.set(WEBAUTHN_CREDENTIALS.SIGNATURE_COUNT, record.getSignatureCount())
				.set(WEBAUTHN_CREDENTIALS.UV_INITIALIZED, record.isUvInitialized())
				.set(WEBAUTHN_CREDENTIALS.BACKUP_ELIGIBLE, record.isBackupEligible())
				.set(WEBAUTHN_CREDENTIALS.BACKUP_STATE, record.isBackupState())
				.set(WEBAUTHN_CREDENTIALS.TRANSPORTS, transports)
				.set(WEBAUTHN_CREDENTIALS.ATTESTATION_OBJECT, record.getAttestationObject().getBytes())
				.set(WEBAUTHN_CREDENTIALS.CLIENT_DATA_JSON, record.getAttestationClientDataJSON().getBytes())
				.set(WEBAUTHN_CREDENTIALS.LABEL, record.getLabel() == null ? "passkey" : record.getLabel())
				.set(WEBAUTHN_CREDENTIALS.CREATED_AT, record.getCreated() == null ? now : record.getCreated())
				.set(WEBAUTHN_CREDENTIALS.LAST_USED_AT, now)
				.onConflict(WEBAUTHN_CREDENTIALS.CREDENTIAL_ID)
				.doUpdate()
				.set(WEBAUTHN_CREDENTIALS.SIGNATURE_COUNT, record.getSignatureCount())
				.set(WEBAUTHN_CREDENTIALS.UV_INITIALIZED, record.isUvInitialized())
				.set(WEBAUTHN_CREDENTIALS.BACKUP_STATE, record.isBackupState())
				.set(WEBAUTHN_CREDENTIALS.LAST_USED_AT, now)
				.execute();
		});
	}

	@Override
	public @Nullable CredentialRecord findByCredentialId(Bytes credentialId) {
		return db.read(context(),
				sql -> sql.select(WEBAUTHN_CREDENTIALS.fields())
					.select(WEBAUTHN_USERS.HANDLE)
					.from(WEBAUTHN_CREDENTIALS)
					.join(WEBAUTHN_USERS)
					.on(WEBAUTHN_USERS.USER_ID.eq(WEBAUTHN_CREDENTIALS.USER_ID))
					.where(WEBAUTHN_CREDENTIALS.CREDENTIAL_ID.eq(credentialId.getBytes()))
					.fetchOptional(r -> record(r.into(WEBAUTHN_CREDENTIALS), r.get(WEBAUTHN_USERS.HANDLE)))
					.orElse(null));
	}

	@Override
	public List<CredentialRecord> findByUserId(Bytes userId) {
		return db.read(context(),
				sql -> sql.select(WEBAUTHN_CREDENTIALS.fields())
					.select(WEBAUTHN_USERS.HANDLE)
					.from(WEBAUTHN_CREDENTIALS)
					.join(WEBAUTHN_USERS)
					.on(WEBAUTHN_USERS.USER_ID.eq(WEBAUTHN_CREDENTIALS.USER_ID))
					.where(WEBAUTHN_USERS.HANDLE.eq(userId.getBytes()))
					.fetch(r -> record(r.into(WEBAUTHN_CREDENTIALS), r.get(WEBAUTHN_USERS.HANDLE))));
	}

	private static PublicKeyCredentialUserEntity entity(UUID user, byte[] handle) {
		return ImmutablePublicKeyCredentialUserEntity.builder()
			.name(user.toString())
			.displayName(user.toString())
			.id(new Bytes(handle))
			.build();
	}

	private static CredentialRecord record(WebauthnCredentialsRecord r, byte[] handle) {
		Set<AuthenticatorTransport> transports = r.getTransports().isEmpty() ? Set.of()
				: Arrays.stream(r.getTransports().split(","))
					.map(AuthenticatorTransport::valueOf)
					.collect(Collectors.toSet());
		return ImmutableCredentialRecord.builder()
			.credentialType(PublicKeyCredentialType.PUBLIC_KEY)
			.credentialId(new Bytes(r.getCredentialId()))
			.userEntityUserId(new Bytes(handle))
			.publicKey(new ImmutablePublicKeyCose(r.getPublicKey()))
			.signatureCount(r.getSignatureCount())
			.uvInitialized(r.getUvInitialized())
			.backupEligible(r.getBackupEligible())
			.backupState(r.getBackupState())
			.transports(transports)
			.attestationObject(new Bytes(r.getAttestationObject()))
			.attestationClientDataJSON(new Bytes(r.getClientDataJson()))
			.label(r.getLabel())
			.created(r.getCreatedAt())
			.lastUsed(r.getLastUsedAt())
			.build();
	}

}
