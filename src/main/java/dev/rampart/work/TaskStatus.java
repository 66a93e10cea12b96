package dev.rampart.work;

import dev.rampart.shared.InvalidInput;
import java.util.regex.Pattern;

/**
 * A task's status: the key of one of its project's workflow statuses ({@link Workflow}).
 * The four every workflow starts with are named here; a project may rename, recolour or
 * remove them and add its own.
 */
public record TaskStatus(String key) {

	// Before the constants below: their construction checks the key.
	static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");

	static final String KEY_RULE = "must be a status key: a lower-case letter, then up to 39 lower-case letters, "
			+ "digits or underscores";

	public static final TaskStatus TODO = new TaskStatus("todo");

	public static final TaskStatus IN_PROGRESS = new TaskStatus("in_progress");

	public static final TaskStatus DONE = new TaskStatus("done");

	public static final TaskStatus CANCELLED = new TaskStatus("cancelled");

	public TaskStatus {
		if (!KEY.matcher(key).matches()) {
			throw new IllegalArgumentException("not a status key");
		}
	}

	public String wireName() {
		return key;
	}

	/**
	 * A status key as a client wrote it; whether the project's workflow has it is the
	 * workflow's to say.
	 */
	public static TaskStatus parse(String field, String value) {
		if (value == null || !KEY.matcher(value).matches()) {
			throw new InvalidInput(field, KEY_RULE);
		}
		return new TaskStatus(value);
	}

}
