package dev.rampart.identity.internal;

import static dev.rampart.db.schema.Tables.USERS;

import dev.rampart.access.spi.People;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.identity.UserFields;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Emails;
import dev.rampart.shared.UserId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The identity module's answers to the access module's questions about people. */
@Component
class AccessPeople implements People {

	private final Database db;

	private final OwnerDatabase owner;

	private final UserFields fields;

	AccessPeople(Database db, OwnerDatabase owner, UserFields fields) {
		this.db = db;
		this.owner = owner;
		this.fields = fields;
	}

	@Override
	public Optional<Person> find(Actor caller, String emailOrId) {
		Optional<UUID> id = parseUuid(emailOrId);
		if (id.isPresent()) {
			return db.read(DbContext.user(caller.userId()),
					sql -> sql.select(USERS.ID, USERS.EMAIL)
						.from(USERS)
						.where(USERS.ID.eq(id.get()))
						.fetchOptional(r -> new Person(new UserId(r.value1()), fields.email(r.value1(), r.value2()))));
		}
		byte[] index = fields.emailIndex(Emails.normalize("user", emailOrId));
		return db.read(DbContext.userWithEmailLookup(caller.userId(), index),
				sql -> sql.select(USERS.ID, USERS.EMAIL)
					.from(USERS)
					.where(USERS.EMAIL_INDEX.eq(index))
					.fetchOptional(r -> new Person(new UserId(r.value1()), fields.email(r.value1(), r.value2()))));
	}

	@Override
	public Optional<UserId> byEmail(String email) {
		byte[] index = fields.emailIndex(Emails.normalize("email", email));
		return owner.transaction(sql -> sql.select(USERS.ID)
			.from(USERS)
			.where(USERS.EMAIL_INDEX.eq(index))
			.fetchOptional(r -> new UserId(r.value1())));
	}

	@Override
	public Map<UserId, String> emails(Collection<UserId> users) {
		var ids = users.stream().map(UserId::value).toList();
		return owner.transaction(sql -> sql.select(USERS.ID, USERS.EMAIL)
			.from(USERS)
			.where(USERS.ID.in(ids))
			.fetch()
			.stream()
			.collect(Collectors.toMap(r -> new UserId(r.value1()), r -> fields.email(r.value1(), r.value2()))));
	}

	private static Optional<UUID> parseUuid(String value) {
		try {
			return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
		}
		catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}

}
