package dev.rampart.access;

import static dev.rampart.db.schema.Tables.PLATFORM_ROLES;

import dev.rampart.access.spi.People;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.shared.UserId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Granting and revoking platform roles: operator commands at the machine only (through
 * the owner role; the application role can read a user's own roles and nothing else).
 * Whether a role allows an operation is {@link PlatformAccess}'s to decide.
 */
@Service
public class PlatformRoles {

	private final OwnerDatabase owner;

	private final Clock clock;

	private final People people;

	PlatformRoles(OwnerDatabase owner, Clock clock, People people) {
		this.owner = owner;
		this.clock = clock;
		this.people = people;
	}

	/**
	 * The account with this email (operator command; found by the email's blind index).
	 */
	public Optional<UserId> account(String email) {
		return people.byEmail(email);
	}

	/** Grants a role (operator command); false if the user already held it. */
	public boolean grant(UserId user, PlatformRole role) {
		return owner.transaction(sql -> sql.insertInto(PLATFORM_ROLES)
			.set(PLATFORM_ROLES.USER_ID, user.value())
			.set(PLATFORM_ROLES.ROLE, role.wireName())
			.set(PLATFORM_ROLES.GRANTED_AT, clock.instant())
			.onConflictDoNothing()
			.execute()) == 1;
	}

	/** Revokes a role (operator command); false if the user did not hold it. */
	public boolean revoke(UserId user, PlatformRole role) {
		return owner.transaction(sql -> sql.deleteFrom(PLATFORM_ROLES)
			.where(PLATFORM_ROLES.USER_ID.eq(user.value()))
			.and(PLATFORM_ROLES.ROLE.eq(role.wireName()))
			.execute()) == 1;
	}

	/** A holder of platform roles, for operators at the machine. */
	public record Holder(UserId user, String email, List<String> roles) {
	}

	/** Every holder of a platform role (operator command). */
	public List<Holder> holders() {
		Map<UserId, List<String>> roles = new java.util.LinkedHashMap<>();
		owner
			.transaction(sql -> sql.select(PLATFORM_ROLES.USER_ID, PLATFORM_ROLES.ROLE)
				.from(PLATFORM_ROLES)
				.orderBy(PLATFORM_ROLES.USER_ID, PLATFORM_ROLES.ROLE)
				.fetch())
			.forEach(r -> roles.computeIfAbsent(new UserId(r.value1()), u -> new java.util.ArrayList<>())
				.add(r.value2()));
		Map<UserId, String> emails = people.emails(roles.keySet());
		return roles.entrySet()
			.stream()
			.filter(held -> emails.containsKey(held.getKey()))
			.map(held -> new Holder(held.getKey(), emails.get(held.getKey()), List.copyOf(held.getValue())))
			.toList();
	}

}
