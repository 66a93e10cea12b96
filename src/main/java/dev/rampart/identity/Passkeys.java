package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.WEBAUTHN_CEREMONIES;
import static dev.rampart.db.schema.Tables.WEBAUTHN_CREDENTIALS;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.access.StepUpRequired;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.mail.MailSettings;
import dev.rampart.shared.Actor;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.UserId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys (WebAuthn) through Spring Security's relying-party operations (webauthn4j):
 * register one (a second factor; an account that already has one must step up), list and
 * remove them, and use one to sign in, as the second step after the password or
 * passwordless (a passkey with user verification proves possession and the person at
 * once), or to step up. Between a ceremony's options and the authenticator's answer, the
 * options wait in the database under a single-use token, so any node can finish it.
 * Control C05 (docs/controls.md).
 * <p>
 * Longer than most classes because the WebAuthn ceremonies (registration, sign-in,
 * step-up) share their option building, ceremony storage and verification.
 */
@Service
public class Passkeys {

	private static final Duration CEREMONY_LIFETIME = Duration.ofMinutes(5);

	private static final String REGISTER = "register";

	private static final String AUTHENTICATE = "authenticate";

	private final Database db;

	private final PasskeyStore store;

	private final Webauthn4JRelyingPartyOperations operations;

	private final JsonMapper json;

	private final StepUp stepUp;

	private final StepUpPolicy stepUpPolicy;

	private final SecurityAlerts alerts;

	private final OneTimeTokens oneTimeTokens;

	private final SignIn signIn;

	private final Clock clock;

	private final PublicKeyCredentialRpEntity rp;

	private final ApplicationEventPublisher events;

	private final CredentialPolicies credentials;

	Passkeys(CredentialPolicies credentials, ApplicationEventPublisher events, Database db, MailSettings mail,
			StepUp stepUp, StepUpPolicy stepUpPolicy, SecurityAlerts alerts, OneTimeTokens oneTimeTokens, SignIn signIn,
			Clock clock) {
		this.credentials = credentials;
		this.events = events;
		this.db = db;
		this.stepUp = stepUp;
		this.stepUpPolicy = stepUpPolicy;
		this.alerts = alerts;
		this.oneTimeTokens = oneTimeTokens;
		this.signIn = signIn;
		this.clock = clock;
		this.store = new PasskeyStore(db, clock);
		URI site = URI.create(mail.publicUrl());
		String origin = site.getScheme() + "://" + site.getHost() + (site.getPort() < 0 ? "" : ":" + site.getPort());
		this.rp = PublicKeyCredentialRpEntity.builder().id(site.getHost()).name("Rampart").build();
		this.operations = new Webauthn4JRelyingPartyOperations(store, store, rp, Set.of(origin));
		this.json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();
	}

	/**
	 * A ceremony's options for the browser ({@code navigator.credentials}), and the token
	 * to send back with the answer.
	 */
	public record Ceremony(String ceremony, String options) {
	}

	public record Passkey(String id, String label, Instant createdAt, Instant lastUsedAt) {
	}

	public Ceremony registrationOptions(Actor actor) {
		credentials.requireMayChange(actor);
		stepUpPolicy.requireIfEnrolled(actor);
		UserId user = actor.userId();
		PublicKeyCredentialCreationOptions options = store.within(DbContext.user(user),
				() -> operations.createPublicKeyCredentialCreationOptions(
						new ImmutablePublicKeyCredentialCreationOptionsRequest(authentication(user))));
		return begin(user, REGISTER, json.writeValueAsString(options),
				new State(options.getChallenge().toBase64UrlString(), options.getUser().getId().toBase64UrlString(),
						options.getUser().getName(), "preferred"));
	}

	/**
	 * What a ceremony's second step needs of its options, kept between the steps: the
	 * challenge, the user entity (registration) and whether user verification is
	 * required.
	 */
	record State(String challenge, @Nullable String userHandle, @Nullable String userName, String userVerification) {
	}

	private PublicKeyCredentialCreationOptions creationOptions(State state) {
		return PublicKeyCredentialCreationOptions.builder()
			.rp(rp)
			.user(org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity.builder()
				.id(Bytes.fromBase64(java.util.Objects.requireNonNull(state.userHandle())))
				.name(java.util.Objects.requireNonNull(state.userName()))
				.displayName(state.userName())
				.build())
			.challenge(Bytes.fromBase64(state.challenge()))
			.pubKeyCredParams(PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256,
					PublicKeyCredentialParameters.RS256)
			.authenticatorSelection(AuthenticatorSelectionCriteria.builder()
				.userVerification(UserVerificationRequirement.PREFERRED)
				.residentKey(ResidentKeyRequirement.REQUIRED)
				.build())
			.attestation(AttestationConveyancePreference.NONE)
			.timeout(CEREMONY_LIFETIME)
			.build();
	}

	private PublicKeyCredentialRequestOptions requestOptions(State state) {
		return PublicKeyCredentialRequestOptions.builder()
			.challenge(Bytes.fromBase64(state.challenge()))
			.rpId(rp.getId())
			.allowCredentials(List.of())
			.timeout(CEREMONY_LIFETIME)
			.userVerification("required".equals(state.userVerification()) ? UserVerificationRequirement.REQUIRED
					: UserVerificationRequirement.PREFERRED)
			.build();
	}

	public Passkey register(Actor actor, String ceremony, String credentialJson, String label) {
		credentials.requireMayChange(actor);
		stepUpPolicy.requireIfEnrolled(actor);
		UserId user = actor.userId();
		String name = label.isBlank() ? "passkey" : label.strip();
		if (name.length() > 100) {
			throw new InvalidInput("label", "must be at most 100 characters");
		}
		PublicKeyCredentialCreationOptions options = creationOptions(
				json.readValue(finish(user, ceremony, REGISTER), State.class));
		PublicKeyCredential<AuthenticatorAttestationResponse> credential = parse(credentialJson,
				new TypeReference<PublicKeyCredential<AuthenticatorAttestationResponse>>() {
				});
		var record = store.within(DbContext.user(user), () -> {
			try {
				return operations.registerCredential(new ImmutableRelyingPartyRegistrationRequest(options,
						new RelyingPartyPublicKey(credential, name)));
			}
			catch (RuntimeException refused) {
				throw new InvalidInput("credential",
						"the authenticator's answer does not verify (" + refused.getClass().getSimpleName() + ")");
			}
		});
		db.write(DbContext.user(user), sql -> {
			events.publishEvent(new IdentityEvent.PasskeyAdded(user, record.getCredentialId().toBase64UrlString()));
			SecondFactors.setEnrolled(sql, user);
			alerts.send(sql, user, "A passkey (\"" + name + "\") was added", null, null);
			return null;
		});
		return new Passkey(record.getCredentialId().toBase64UrlString(), name, clock.instant(), clock.instant());
	}

	public List<Passkey> list(Actor actor) {
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(WEBAUTHN_CREDENTIALS)
					.where(WEBAUTHN_CREDENTIALS.USER_ID.eq(actor.userId().value()))
					.orderBy(WEBAUTHN_CREDENTIALS.CREATED_AT)
					.fetch(r -> new Passkey(Base64.getUrlEncoder().withoutPadding().encodeToString(r.getCredentialId()),
							r.getLabel(), r.getCreatedAt(), r.getLastUsedAt())));
	}

	/** Removes a passkey (after a step-up). */
	public void remove(Actor actor, String id) {
		credentials.requireMayChange(actor);
		stepUpPolicy.require(actor);
		UserId user = actor.userId();
		byte[] credential = decode("id", id);
		int removed = db.write(DbContext.user(user), sql -> {
			int deleted = sql.deleteFrom(WEBAUTHN_CREDENTIALS)
				.where(WEBAUTHN_CREDENTIALS.USER_ID.eq(user.value()))
				.and(WEBAUTHN_CREDENTIALS.CREDENTIAL_ID.eq(credential))
				.execute();
			if (deleted > 0) {
				events.publishEvent(new IdentityEvent.PasskeyRemoved(user, id));
				SecondFactors.setEnrolled(sql, user);
				alerts.send(sql, user, "A passkey was removed", null, null);
			}
			return deleted;
		});
		if (removed == 0) {
			throw new NotFound("passkey");
		}
	}

	/**
	 * Options to sign in with a passkey: after the password ({@code challenge} from that
	 * step: the account's passkeys are offered) or passwordless (none: the authenticator
	 * offers its own, and must verify the user).
	 */
	public Ceremony signInOptions(@Nullable String challenge) {
		if (challenge == null) {
			PublicKeyCredentialRequestOptions options = store.within(DbContext.none(), () -> operations
				.createCredentialRequestOptions(new ImmutablePublicKeyCredentialRequestOptionsRequest(null)));
			PublicKeyCredentialRequestOptions required = PublicKeyCredentialRequestOptions.builder()
				.challenge(options.getChallenge())
				.rpId(options.getRpId())
				.timeout(options.getTimeout())
				.allowCredentials(options.getAllowCredentials())
				.userVerification(UserVerificationRequirement.REQUIRED)
				.build();
			return begin(null, AUTHENTICATE, json.writeValueAsString(required),
					new State(required.getChallenge().toBase64UrlString(), null, null, "required"));
		}
		UserId user = oneTimeTokens.peek(OneTimeTokens.Purpose.MFA_CHALLENGE, challenge).orElseThrow(InvalidToken::new);
		return userOptions(user);
	}

	/** Options to step up with one of the signed-in user's passkeys. */
	public Ceremony stepUpOptions(Actor actor) {
		return userOptions(actor.userId());
	}

	private Ceremony userOptions(UserId user) {
		PublicKeyCredentialRequestOptions options = store.within(DbContext.user(user),
				() -> operations.createCredentialRequestOptions(
						new ImmutablePublicKeyCredentialRequestOptionsRequest(authentication(user))));
		if (options.getAllowCredentials().isEmpty()) {
			throw new InvalidInput("passkey", "the account has no passkey");
		}
		return begin(user, AUTHENTICATE, json.writeValueAsString(options),
				new State(options.getChallenge().toBase64UrlString(), null, null, "preferred"));
	}

	/** Signs in with a passkey: the session counts as proven by a second factor. */
	public IssuedSession signIn(String ceremony, String credentialJson, @Nullable String challenge,
			String sourceAddress, @Nullable String userAgent, @Nullable String deviceToken) {
		UserId expected = challenge == null ? null
				: oneTimeTokens.peek(OneTimeTokens.Purpose.MFA_CHALLENGE, challenge).orElseThrow(InvalidToken::new);
		UserId user = verify(expected, ceremony, credentialJson);
		if (challenge != null && oneTimeTokens.redeem(OneTimeTokens.Purpose.MFA_CHALLENGE, challenge).isEmpty()) {
			throw new InvalidToken();
		}
		events.publishEvent(new IdentityEvent.SecondFactorUsed(user, "passkey"));
		return signIn.openSessionAfterSecondFactor(user, sourceAddress, userAgent, deviceToken);
	}

	/** Steps the signed-in session up with one of its user's passkeys. */
	public void stepUp(Actor actor, String ceremony, String credentialJson) {
		if (actor.credential().apiToken()) {
			throw new StepUpRequired("API tokens cannot step up");
		}
		verify(actor.userId(), ceremony, credentialJson);
		stepUp.provenWithPasskey(actor);
	}

	/** The user the passkey proves ({@code expected}: it must be theirs). */
	private UserId verify(@Nullable UserId expected, String ceremony, String credentialJson) {
		PublicKeyCredentialRequestOptions options = requestOptions(
				json.readValue(finish(expected, ceremony, AUTHENTICATE), State.class));
		PublicKeyCredential<AuthenticatorAssertionResponse> credential = parse(credentialJson,
				new TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse>>() {
				});
		DbContext context = expected != null ? DbContext.user(expected)
				: DbContext.tokenLookup(credential.getRawId().getBytes());
		PublicKeyCredentialUserEntity entity;
		try {
			entity = store.within(context,
					() -> operations.authenticate(new RelyingPartyAuthenticationRequest(options, credential)));
		}
		catch (RuntimeException refused) {
			events.publishEvent(new IdentityEvent.PasskeyRefused(refused.getClass().getSimpleName()));
			throw new InvalidCredentials();
		}
		UserId user = new UserId(UUID.fromString(entity.getName()));
		if (expected != null && !expected.equals(user)) {
			throw new InvalidCredentials();
		}
		return user;
	}

	/**
	 * Stores the ceremony's state under a new token; the client gets the full options.
	 */
	private Ceremony begin(@Nullable UserId user, String purpose, String options, State state) {
		String token = SessionTokens.newToken();
		Instant now = clock.instant();
		db.housekeeping(user == null ? DbContext.none() : DbContext.user(user),
				sql -> sql.insertInto(WEBAUTHN_CEREMONIES)
					.set(WEBAUTHN_CEREMONIES.TOKEN_HASH, SessionTokens.sha256(token))
					.set(WEBAUTHN_CEREMONIES.USER_ID, user == null ? null : user.value())
					.set(WEBAUTHN_CEREMONIES.PURPOSE, purpose)
					.set(WEBAUTHN_CEREMONIES.OPTIONS, json.writeValueAsString(state))
					.set(WEBAUTHN_CEREMONIES.EXPIRES_AT, now.plus(CEREMONY_LIFETIME))
					.execute());
		return new Ceremony(token, options);
	}

	/**
	 * Takes the ceremony's options out (single use): it must be live, for this purpose
	 * and this user.
	 */
	private String finish(@Nullable UserId user, String ceremony, String purpose) {
		byte[] hash = SessionTokens.hashOf(ceremony).orElseThrow(InvalidToken::new);
		Instant now = clock.instant();
		Optional<String> options = db.housekeeping(
				user == null ? DbContext.tokenLookup(hash) : DbContext.userWithTokenLookup(user, hash),
				sql -> sql.deleteFrom(WEBAUTHN_CEREMONIES)
					.where(WEBAUTHN_CEREMONIES.TOKEN_HASH.eq(hash))
					.and(WEBAUTHN_CEREMONIES.PURPOSE.eq(purpose))
					.and(WEBAUTHN_CEREMONIES.EXPIRES_AT.gt(now))
					.and(user == null ? WEBAUTHN_CEREMONIES.USER_ID.isNull()
							: WEBAUTHN_CEREMONIES.USER_ID.eq(user.value()))
					.returningResult(WEBAUTHN_CEREMONIES.OPTIONS)
					.fetchOptional(r -> r.value1()));
		return options.orElseThrow(InvalidToken::new);
	}

	private <T> T parse(String credentialJson, TypeReference<T> type) {
		try {
			return json.readValue(credentialJson, type);
		}
		catch (RuntimeException malformed) {
			throw new InvalidInput("credential", "is not a WebAuthn credential in its JSON form");
		}
	}

	private static byte[] decode(String field, String base64url) {
		try {
			return Base64.getUrlDecoder().decode(base64url);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInput(field, "is not base64url");
		}
	}

	/**
	 * Spring Security's relying party names users by an authenticated principal: the
	 * Rampart user id.
	 */
	private static Authentication authentication(UserId user) {
		return UsernamePasswordAuthenticationToken.authenticated(user.value().toString(), null, List.of());
	}

}
