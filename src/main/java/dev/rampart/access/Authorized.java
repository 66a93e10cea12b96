package dev.rampart.access;

import dev.rampart.shared.UserId;

/**
 * Proof that an action was allowed on a resource, with the actor's memberships at hand so
 * that further questions about the same resource ("may they also see restricted tasks?")
 * need no further query.
 */
public final class Authorized<R extends Resource> {

	private final UserId user;

	private final R resource;

	private final Memberships memberships;

	private final Decision decision;

	Authorized(UserId user, R resource, Memberships memberships, Decision decision) {
		this.user = user;
		this.resource = resource;
		this.memberships = memberships;
		this.decision = decision;
	}

	public R resource() {
		return resource;
	}

	public Decision decision() {
		return decision;
	}

	/** Whether the same actor may also do {@code permission} on the same resource. */
	public boolean allows(Permission permission) {
		return AccessRules.decide(user, permission, resource, memberships).allowed();
	}

}
