package dev.rampart.ops.backup;

/** What a long backup operation reports as it goes (the CLI draws a bar). */
@FunctionalInterface
public interface Progress {

	Progress NONE = (what, done, total) -> {
	};

	/** {@code done} of {@code total} (rows or bytes), now working on {@code what}. */
	void update(String what, long done, long total);

}
