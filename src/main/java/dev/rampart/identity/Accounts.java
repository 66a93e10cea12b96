package dev.rampart.identity;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Emails;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Record5;
import org.springframework.stereotype.Service;

/**
 * The accounts a user may see: their own profile, the profiles of people they share an
 * organization with, and one account found by its exact address. Creating accounts is
 * {@link SignUp}; proving who one is, {@link SignIn} and {@link SessionAuthentication}.
 */
@Service
public class Accounts {

	public static final int DISPLAY_NAME_MAX = 100;

	private final Database db;

	private final UserFields fields;

	private final AccountDirectory directory;

	Accounts(Database db, UserFields fields, AccountDirectory directory) {
		this.db = db;
		this.fields = fields;
		this.directory = directory;
	}

	public UserProfile profile(Actor actor) {
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.CREATED_AT, USERS.EMAIL_VERIFIED_AT)
					.from(USERS)
					.where(USERS.ID.eq(actor.userId().value()))
					.fetchOptional(this::toProfile))
			.orElseThrow(() -> new NotFound("user"));
	}

	/**
	 * Profiles by id, in one statement; ids of users the actor shares no organization
	 * with are left out (row-level security).
	 */
	public Map<UserId, UserProfile> profiles(Actor actor, Collection<UserId> ids) {
		List<UUID> values = ids.stream().map(UserId::value).distinct().toList();
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.select(USERS.ID, USERS.EMAIL, USERS.DISPLAY_NAME, USERS.CREATED_AT, USERS.EMAIL_VERIFIED_AT)
					.from(USERS)
					.where(USERS.ID.in(values))
					.fetch(this::toProfile))
			.stream()
			.collect(Collectors.toMap(UserProfile::id, p -> p));
	}

	/**
	 * The account with exactly this email, for adding an existing user to an
	 * organization. Only that one row is visible to the query, never a list.
	 */
	public Optional<UserId> findByEmail(Actor actor, String email) {
		byte[] index = fields.emailIndex(Emails.normalize("email", email));
		return db.read(DbContext.userWithEmailLookup(actor.userId(), index),
				sql -> sql.select(USERS.ID)
					.from(USERS)
					.where(USERS.EMAIL_INDEX.eq(index))
					.fetchOptional(r -> new UserId(r.value1())));
	}

	/**
	 * The account with this id, if the actor can see it (shares an organization with it).
	 */
	public Optional<UserId> findVisible(Actor actor, UserId user) {
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.select(USERS.ID)
					.from(USERS)
					.where(USERS.ID.eq(user.value()))
					.and(USERS.DELETED_AT.isNull())
					.fetchOptional(r -> new UserId(r.value1())));
	}

	/**
	 * Whether the account's email address has been confirmed (by the verification link or
	 * an invitation).
	 */
	public boolean emailVerified(UserId user) {
		return db
			.read(DbContext.user(user),
					sql -> sql.select(USERS.EMAIL_VERIFIED_AT)
						.from(USERS)
						.where(USERS.ID.eq(user.value()))
						.fetchOptional(USERS.EMAIL_VERIFIED_AT))
			.isPresent();
	}

	private UserProfile toProfile(Record5<UUID, byte[], byte[], Instant, Instant> r) {
		return new UserProfile(new UserId(r.value1()), fields.email(r.value1(), r.value2()),
				fields.displayName(r.value1(), r.value3()), r.value4(), r.value5() != null);
	}

	/**
	 * The display names of these accounts that {@code reader} may see (row-level
	 * security: people who share an organization with them), in one statement; a deleted
	 * account is "deleted user".
	 */
	public Map<UserId, String> displayNames(Actor reader, Collection<UserId> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		return db.read(DbContext.user(reader.userId()), sql -> directory.displayNames(sql, ids));
	}

}
