package dev.rampart.shared;

/**
 * Rampart will not start, for a reason an operator can act on (another process owns the
 * data directory, the database would not keep acknowledged writes). The message is one
 * sentence for the operator, never a secret; the CLI prints it as the one line of a
 * failed start.
 */
public class StartRefused extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public StartRefused(String message) {
		super(message, null, false, false);
	}

	/** The refusal anywhere in {@code failure}'s causes, if there is one. */
	public static java.util.Optional<StartRefused> in(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof StartRefused refused) {
				return java.util.Optional.of(refused);
			}
		}
		return java.util.Optional.empty();
	}

}
