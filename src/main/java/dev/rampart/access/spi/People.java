package dev.rampart.access.spi;

import dev.rampart.shared.Actor;
import dev.rampart.shared.UserId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What the access decision point needs to know about people, answered by the identity
 * module (which owns accounts and their sealed addresses): the access module depends on
 * nothing that depends on it.
 */
public interface People {

	/** A person as the explain output names them. */
	record Person(UserId id, String email) {
	}

	/**
	 * The user named by email or id: by id, if row-level security shows them to
	 * {@code caller}; by email, the one account with exactly that address (the decision
	 * point then answers only for members of the organization).
	 */
	Optional<Person> find(Actor caller, String emailOrId);

	/** The account with this email (operator commands at the machine). */
	Optional<UserId> byEmail(String email);

	/** The addresses of these accounts (operator commands at the machine). */
	Map<UserId, String> emails(Collection<UserId> users);

}
