package dev.rampart.shared;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A person named by a client: by account id or by email address, whichever the client
 * has. Members, grants and assignees accept either, alike; {@code field} is the request
 * field it came from, for a 400 that names it.
 */
public record UserRef(@Nullable UUID id, @Nullable String email, String field) {

	/**
	 * From a pair of optional request fields ({@code userId} / {@code email}); exactly
	 * one must be given.
	 */
	public static UserRef of(String idField, @Nullable String id, String emailField, @Nullable String email) {
		if (id != null && email != null) {
			throw new InvalidInput(emailField, "give " + idField + " or " + emailField + ", not both");
		}
		if (id != null) {
			return new UserRef(Inputs.uuid(idField, id), null, idField);
		}
		if (email != null) {
			return new UserRef(null, email, emailField);
		}
		throw new InvalidInput(emailField, "is required (or " + idField + ")");
	}

	/** Like {@link #of} but both may be absent. */
	public static @Nullable UserRef optional(String idField, @Nullable String id, String emailField,
			@Nullable String email) {
		return id == null && email == null ? null : of(idField, id, emailField, email);
	}

}
