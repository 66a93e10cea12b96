package dev.rampart.audit;

import dev.rampart.shared.RampartException;
import java.util.Locale;

/** How an intended action ended. */
public enum Outcome {

	SUCCESS, DENIED, INVALID, ERROR;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Outcome parse(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	/**
	 * From the answer's HTTP status: refusals of who-may are denials, refusals of
	 * what-was-sent invalid.
	 */
	public static Outcome ofStatus(int status) {
		if (status < 400) {
			return SUCCESS;
		}
		if (status == 401 || status == 403 || status == 404 || status == 429) {
			return DENIED;
		}
		return status < 500 ? INVALID : ERROR;
	}

	/** From the error a GraphQL field (or any module call) ended with. */
	public static Outcome of(Throwable error) {
		if (error instanceof RampartException known) {
			return switch (known.category()) {
				case UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, TOO_MANY_REQUESTS -> DENIED;
				case INVALID, CONFLICT, STALE, PRECONDITION_REQUIRED, TOO_LARGE -> INVALID;
				case UNAVAILABLE -> ERROR;
			};
		}
		return ERROR;
	}

}
