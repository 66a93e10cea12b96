package dev.rampart.shared;

import java.util.Map;

/**
 * An error that tells the client more than its message: the adapters add these properties
 * to the REST problem and to the GraphQL error's extensions (the transitions a refused
 * status change could take instead, the statuses still in use).
 */
public interface ProblemDetails {

	/** Plain values, lists and maps only; never a secret. */
	Map<String, Object> details();

}
