package dev.rampart.work;

import static dev.rampart.db.schema.Tables.INVITATIONS;
import static dev.rampart.db.schema.Tables.ORGANIZATIONS;
import static dev.rampart.db.schema.Tables.ORG_MEMBERS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.OrgRole;
import dev.rampart.access.Permission;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.InvitationsRecord;
import dev.rampart.identity.AccountDirectory;
import dev.rampart.identity.IdentitySettings;
import dev.rampart.identity.InvalidToken;
import dev.rampart.identity.SessionTokens;
import dev.rampart.identity.SignUp;
import dev.rampart.identity.UserFields;
import dev.rampart.keys.FieldCipher;
import dev.rampart.mail.MailMessage;
import dev.rampart.mail.MailSettings;
import dev.rampart.mail.Outbox;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.Emails;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Invitations: an organization's admins invite an email address with a role; the address
 * gets a single-use link (7 days by default); accepting it, signed in as the account with
 * that address or by creating that account, makes the membership and confirms the
 * address. Invitations can be revoked. The address is kept sealed with the organization's
 * key and found by its blind index.
 */
@Service
public class Invitations {

	static final FieldCipher.Column EMAIL = new FieldCipher.Column("invitations", "email");

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final Database db;

	private final AccessPolicy access;

	private final MembershipRules rules;

	private final FieldCipher cipher;

	private final UserFields userFields;

	private final AccountDirectory directory;

	private final SignUp signUp;

	private final Outbox outbox;

	private final MailSettings mail;

	private final IdentitySettings identity;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Invitations(ApplicationEventPublisher events, Database db, AccessPolicy access, MembershipRules rules,
			FieldCipher cipher, UserFields userFields, AccountDirectory directory, SignUp signUp, Outbox outbox,
			MailSettings mail, IdentitySettings identity, Clock clock) {
		this.events = events;
		this.db = db;
		this.access = access;
		this.rules = rules;
		this.cipher = cipher;
		this.userFields = userFields;
		this.directory = directory;
		this.signUp = signUp;
		this.outbox = outbox;
		this.mail = mail;
		this.identity = identity;
		this.clock = clock;
	}

	/** An invitation as its organization's admins see it (never its token). */
	public record Invitation(UUID id, OrgId org, String email, OrgRole role, UserId invitedBy, Instant createdAt,
			Instant expiresAt, @Nullable Instant acceptedAt, @Nullable Instant revokedAt) {

		public String state(Instant now) {
			return acceptedAt != null ? "accepted"
					: revokedAt != null ? "revoked" : expiresAt.isAfter(now) ? "pending" : "expired";
		}

	}

	public Invitation invite(Actor actor, OrgId org, String email, OrgRole role) {
		String normalized = Emails.normalize("email", email);
		if (role == OrgRole.OWNER) {
			throw new InvalidInput("role", "owners are made by changing a member's role, not by invitation");
		}
		access.require(actor, Permission.ORG_MANAGE_MEMBERS, org);
		byte[] index = userFields.emailIndex(normalized);
		UUID id = UUID.randomUUID();
		String token = SessionTokens.newToken();
		Instant now = Clocks.now(clock);
		Instant expires = now.plus(identity.invitationLifetime());
		return db.write(DbContext.userWithEmailLookup(actor.userId(), index), sql -> {
			rules.requireMayAssign(Organizations.roleOf(sql, org, actor.userId()), null, role);
			if (directory.withEmail(sql, "email", normalized)
				.filter(user -> sql.fetchExists(ORG_MEMBERS,
						ORG_MEMBERS.ORG_ID.eq(org.value()).and(ORG_MEMBERS.USER_ID.eq(user.value()))))
				.isPresent()) {
				throw new Conflict("the address already belongs to a member");
			}
			if (sql.fetchExists(INVITATIONS,
					INVITATIONS.ORG_ID.eq(org.value())
						.and(INVITATIONS.EMAIL_INDEX.eq(index))
						.and(INVITATIONS.ACCEPTED_AT.isNull())
						.and(INVITATIONS.REVOKED_AT.isNull())
						.and(INVITATIONS.EXPIRES_AT.gt(now)))) {
				throw new Conflict("the address has a pending invitation: revoke it to send a new one");
			}
			InvitationsRecord row = sql.insertInto(INVITATIONS)
				.set(INVITATIONS.ID, id)
				.set(INVITATIONS.ORG_ID, org.value())
				.set(INVITATIONS.EMAIL, cipher.seal(org, EMAIL, id, normalized))
				.set(INVITATIONS.EMAIL_INDEX, index)
				.set(INVITATIONS.ROLE, role.wireName())
				.set(INVITATIONS.TOKEN_HASH, SessionTokens.sha256(token))
				.set(INVITATIONS.INVITED_BY, actor.userId().value())
				.set(INVITATIONS.CREATED_AT, now)
				.set(INVITATIONS.EXPIRES_AT, expires)
				.returning()
				.fetchSingle();
			events.publishEvent(new WorkEvent.InvitationSent(org, id));
			var names = sql.select(ORGANIZATIONS.NAME, ORGANIZATIONS.PLAIN)
				.from(ORGANIZATIONS)
				.where(ORGANIZATIONS.ID.eq(org.value()))
				.fetchSingle();
			String inviter = directory.displayNames(sql, List.of(actor.userId())).get(actor.userId());
			String orgName = cipher.open(org, FieldCipher.Column.ORG_NAME, org.value(), names.value1(), names.value2());
			outbox.enqueue(sql, "invitation",
					new MailMessage(normalized, "invitation", "You are invited to " + orgName + " on Rampart",
							Map.of("inviter", inviter, "organization", orgName, "role", role.wireName(), "expires",
									DAY.format(expires), "link", mail.publicUrl() + "/invitation#token=" + token)));
			return toInvitation(row);
		});
	}

	public List<Invitation> list(Actor actor, OrgId org) {
		access.requireToRead(actor, Permission.ORG_MANAGE_MEMBERS, org);
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(INVITATIONS)
					.where(INVITATIONS.ORG_ID.eq(org.value()))
					.orderBy(INVITATIONS.CREATED_AT.desc(), INVITATIONS.ID)
					.fetch(this::toInvitation));
	}

	public void revoke(Actor actor, OrgId org, UUID invitation) {
		access.require(actor, Permission.ORG_MANAGE_MEMBERS, org);
		db.write(DbContext.user(actor.userId()), sql -> {
			int revoked = Database.requireChanged(sql.update(INVITATIONS)
				.set(INVITATIONS.REVOKED_AT, Clocks.now(clock))
				.where(INVITATIONS.ID.eq(invitation))
				.and(INVITATIONS.ORG_ID.eq(org.value()))
				.and(INVITATIONS.ACCEPTED_AT.isNull())
				.and(INVITATIONS.REVOKED_AT.isNull())
				.execute(), () -> new NotFound("invitation"));
			events.publishEvent(new WorkEvent.InvitationRevoked(org, invitation));
			return revoked;
		});
	}

	/**
	 * Accepts as the signed-in account, whose address must be the invited one: the
	 * membership is made and the address counts as confirmed (the link reached it).
	 */
	public OrgId accept(Actor actor, String token) {
		access.requireMayChange(actor);
		byte[] hash = SessionTokens.hashOf(token).orElseThrow(InvalidToken::new);
		UserId user = actor.userId();
		return db.write(DbContext.userWithTokenLookup(user, hash), sql -> {
			InvitationsRecord invitation = live(sql, hash);
			if (!directory.hasEmailIndex(sql, user, invitation.getEmailIndex())) {
				throw new Conflict("the invitation is for another address: sign in with that address to accept it");
			}
			return join(sql, invitation, user);
		});
	}

	/**
	 * Accepts by creating the account of the invited address (confirmed, since the link
	 * reached it).
	 */
	public OrgId acceptWithNewAccount(String token, String displayName, String password) {
		byte[] hash = SessionTokens.hashOf(token).orElseThrow(InvalidToken::new);
		InvitationsRecord peeked = db.read(DbContext.tokenLookup(hash), sql -> live(sql, hash, false));
		OrgId org = new OrgId(peeked.getOrgId());
		String email = cipher.open(org, EMAIL, peeked.getId(), peeked.getEmail());
		UserId user = signUp.createVerified(email, displayName, password)
			.orElseThrow(() -> new Conflict("an account with this address exists: sign in and accept the invitation"));
		return db.write(DbContext.userWithTokenLookup(user, hash), sql -> join(sql, live(sql, hash), user));
	}

	private InvitationsRecord live(DSLContext sql, byte[] hash) {
		return live(sql, hash, true);
	}

	/**
	 * The live invitation of the token ({@code lock}: held until the transaction ends, in
	 * a write).
	 */
	private InvitationsRecord live(DSLContext sql, byte[] hash, boolean lock) {
		var select = sql.selectFrom(INVITATIONS).where(INVITATIONS.TOKEN_HASH.eq(hash));
		InvitationsRecord invitation = lock ? select.forUpdate().fetchOne() : select.fetchOne();
		if (invitation == null || invitation.getAcceptedAt() != null || invitation.getRevokedAt() != null
				|| !invitation.getExpiresAt().isAfter(clock.instant())) {
			throw new InvalidToken();
		}
		return invitation;
	}

	private OrgId join(DSLContext sql, InvitationsRecord invitation, UserId user) {
		OrgId org = new OrgId(invitation.getOrgId());
		Instant now = Clocks.now(clock);
		int joined = sql.insertInto(ORG_MEMBERS)
			.set(ORG_MEMBERS.ORG_ID, org.value())
			.set(ORG_MEMBERS.USER_ID, user.value())
			.set(ORG_MEMBERS.ROLE, invitation.getRole())
			.set(ORG_MEMBERS.CREATED_AT, now)
			.onConflictDoNothing()
			.execute();
		if (joined == 0) {
			throw new Conflict("you are already a member of this organization");
		}
		sql.update(INVITATIONS)
			.set(INVITATIONS.ACCEPTED_AT, now)
			.set(INVITATIONS.ACCEPTED_BY, user.value())
			.where(INVITATIONS.ID.eq(invitation.getId()))
			.execute();
		events.publishEvent(new WorkEvent.InvitationAccepted(org, invitation.getId(), user));
		directory.confirmEmail(sql, user, now);
		return org;
	}

	private Invitation toInvitation(InvitationsRecord r) {
		OrgId org = new OrgId(r.getOrgId());
		return new Invitation(r.getId(), org, cipher.open(org, EMAIL, r.getId(), r.getEmail()),
				OrgRole.parse("role", r.getRole()), new UserId(r.getInvitedBy()), r.getCreatedAt(), r.getExpiresAt(),
				r.getAcceptedAt(), r.getRevokedAt());
	}

}
