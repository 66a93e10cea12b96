package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.API_TOKENS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.CredentialPolicies;
import dev.rampart.access.Permission;
import dev.rampart.access.Resource;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.ApiTokensRecord;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.SessionId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Personal API tokens: named, read-only or read-write, optionally for one organization,
 * expiring within a year; {@code rpt_} and 256 random bits, shown once, stored as
 * SHA-256, revocable, with their last use recorded. Creating one needs a step-up and
 * sends the owner an alert. A token acts as its user, never beyond the user's own rights.
 * Control C04 (docs/controls.md).
 */
@Service
public class ApiTokens {

	/**
	 * Marks a personal API token (apart from session tokens) in an Authorization header.
	 */
	public static final String PREFIX = "rpt_";

	public static final int MAX_PER_USER = 50;

	private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);

	private final Database db;

	private final StepUpPolicy stepUp;

	private final SecurityAlerts alerts;

	private final IdentitySettings settings;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final CredentialPolicies credentials;

	private final AccessPolicy access;

	ApiTokens(CredentialPolicies credentials, AccessPolicy access, ApplicationEventPublisher events, Database db,
			StepUpPolicy stepUp, SecurityAlerts alerts, IdentitySettings settings, Clock clock) {
		this.credentials = credentials;
		this.access = access;
		this.events = events;
		this.db = db;
		this.stepUp = stepUp;
		this.alerts = alerts;
		this.settings = settings;
		this.clock = clock;
	}

	/** A token as listed: never the secret. */
	public record ApiToken(UUID id, String name, boolean readOnly, @Nullable OrgId org, Instant createdAt,
			Instant expiresAt, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {
	}

	/** A new token: {@code secret} is its only copy. */
	public record IssuedApiToken(ApiToken token, String secret) {

		@Override
		public String toString() {
			return "IssuedApiToken[" + token.id() + "]";
		}

	}

	public IssuedApiToken create(Actor actor, String name, boolean readOnly, @Nullable OrgId org, int days) {
		credentials.requireMayChange(actor);
		String validName = TextFields.name("name", name, 100);
		Duration lifetime = Duration.ofDays(days);
		if (days < 1 || lifetime.compareTo(settings.apiTokenMaxLifetime()) > 0) {
			throw new InvalidInput("expiresInDays", "must be between 1 and " + settings.apiTokenMaxLifetime().toDays());
		}
		stepUp.require(actor);
		UserId user = actor.userId();
		String secret = PREFIX + SessionTokens.newToken();
		UUID id = UUID.randomUUID();
		Instant now = clock.instant();
		if (org != null && !access.check(actor, Permission.ORG_READ, new Resource.Org(org)).allowed()) {
			throw new InvalidInput("orgId", "is not an organization you belong to");
		}
		ApiTokensRecord row = db.write(DbContext.user(user), sql -> {
			if (sql.fetchCount(API_TOKENS,
					API_TOKENS.USER_ID.eq(user.value())
						.and(API_TOKENS.REVOKED_AT.isNull())
						.and(API_TOKENS.EXPIRES_AT.gt(now))) >= MAX_PER_USER) {
				throw new Conflict("at most " + MAX_PER_USER + " live API tokens: revoke one first");
			}
			ApiTokensRecord inserted = sql.insertInto(API_TOKENS)
				.set(API_TOKENS.ID, id)
				.set(API_TOKENS.USER_ID, user.value())
				.set(API_TOKENS.NAME, validName)
				.set(API_TOKENS.TOKEN_HASH, SessionTokens.sha256(secret))
				.set(API_TOKENS.READ_ONLY, readOnly)
				.set(API_TOKENS.ORG_ID, org == null ? null : org.value())
				.set(API_TOKENS.CREATED_AT, now)
				.set(API_TOKENS.EXPIRES_AT, now.plus(lifetime))
				.set(API_TOKENS.MFA_ENROLLED, actor.credential().mfaEnrolled())
				.returning()
				.fetchSingle();
			events.publishEvent(new IdentityEvent.ApiTokenCreated(id, org));
			alerts.send(sql, user, "An API token (\"" + validName + "\") was created", null, null);
			return inserted;
		});
		return new IssuedApiToken(toToken(row), secret);
	}

	public List<ApiToken> list(Actor actor) {
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(API_TOKENS)
					.where(API_TOKENS.USER_ID.eq(actor.userId().value()))
					.orderBy(API_TOKENS.CREATED_AT.desc(), API_TOKENS.ID)
					.fetch(ApiTokens::toToken));
	}

	public void revoke(Actor actor, UUID id) {
		credentials.requireMayChange(actor);
		db.write(DbContext.user(actor.userId()), sql -> {
			int revoked = Database.requireChanged(sql.update(API_TOKENS)
				.set(API_TOKENS.REVOKED_AT, clock.instant())
				.where(API_TOKENS.ID.eq(id))
				.and(API_TOKENS.USER_ID.eq(actor.userId().value()))
				.and(API_TOKENS.REVOKED_AT.isNull())
				.execute(), () -> new NotFound("api token"));
			events.publishEvent(new IdentityEvent.ApiTokenRevoked(id));
			return revoked;
		});
	}

	/**
	 * The actor a presented API token stands for, if it is well formed, known, live and
	 * not revoked.
	 */
	Optional<Actor> authenticate(String token) {
		// One hash per request, of the whole token (as stored); the shape check costs no
		// hashing.
		if (!SessionTokens.wellFormed(token.substring(PREFIX.length()))) {
			return Optional.empty();
		}
		byte[] stored = SessionTokens.sha256(token);
		Instant now = clock.instant();
		return db.housekeeping(DbContext.tokenLookup(stored), sql -> {
			var row = sql
				.select(API_TOKENS.ID, API_TOKENS.USER_ID, API_TOKENS.READ_ONLY, API_TOKENS.ORG_ID,
						API_TOKENS.EXPIRES_AT, API_TOKENS.REVOKED_AT, API_TOKENS.LAST_USED_AT, API_TOKENS.MFA_ENROLLED)
				.from(API_TOKENS)
				.where(API_TOKENS.TOKEN_HASH.eq(stored))
				.fetchOptional();
			if (row.isEmpty() || row.get().value6() != null || !now.isBefore(row.get().value5())) {
				return Optional.<Actor>empty();
			}
			var r = row.get();
			if (r.value7() == null || r.value7().plus(TOUCH_INTERVAL).isBefore(now)) {
				sql.update(API_TOKENS).set(API_TOKENS.LAST_USED_AT, now).where(API_TOKENS.ID.eq(r.value1())).execute();
			}
			return Optional
				.of(new Actor(new UserId(r.value2()), new SessionId(r.value1()), Actor.Credential.apiToken(r.value3(),
						r.value4() == null ? null : new OrgId(r.value4()), Boolean.TRUE.equals(r.value8()))));
		});
	}

	private static ApiToken toToken(ApiTokensRecord r) {
		return new ApiToken(r.getId(), r.getName(), r.getReadOnly(),
				r.getOrgId() == null ? null : new OrgId(r.getOrgId()), r.getCreatedAt(), r.getExpiresAt(),
				r.getLastUsedAt(), r.getRevokedAt());
	}

}
