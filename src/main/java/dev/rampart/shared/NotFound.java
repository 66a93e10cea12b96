package dev.rampart.shared;

/**
 * The resource does not exist or the actor may not see it. Both answer the same so that
 * ids of other tenants cannot be probed.
 */
public final class NotFound extends RampartException {

	private static final long serialVersionUID = 1L;

	public NotFound(String resourceKind) {
		super(Category.NOT_FOUND, resourceKind + " not found");
	}

}
