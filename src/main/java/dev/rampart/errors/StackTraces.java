package dev.rampart.errors;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A stack trace without messages: exception types, SQL states and frames only. Messages
 * are dropped because they carry whatever the failing code had at hand (values, SQL
 * details, user input), and names or free text cannot be told apart from the rest.
 */
final class StackTraces {

	private static final int MAX_FRAMES = 60;

	private StackTraces() {
	}

	public static String withoutMessages(Throwable error) {
		StringBuilder out = new StringBuilder();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Throwable current = error;
		String prefix = "";
		while (current != null && seen.add(current)) {
			out.append(prefix).append(current.getClass().getName());
			if (current instanceof SQLException sql && sql.getSQLState() != null) {
				out.append(" [SQLState ").append(sql.getSQLState()).append(']');
			}
			out.append('\n');
			StackTraceElement[] frames = current.getStackTrace();
			for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
				out.append("\tat ").append(frames[i]).append('\n');
			}
			if (frames.length > MAX_FRAMES) {
				out.append("\t... ").append(frames.length - MAX_FRAMES).append(" more\n");
			}
			prefix = "Caused by: ";
			current = current.getCause();
		}
		return out.toString();
	}

	/** The types of the exception and its causes, outermost first ("a.B <- c.D"). */
	public static String types(Throwable error) {
		StringBuilder out = new StringBuilder();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable current = error; current != null && seen.add(current); current = current.getCause()) {
			if (out.length() > 0) {
				out.append(" <- ");
			}
			out.append(current.getClass().getName());
		}
		return out.toString();
	}

}
