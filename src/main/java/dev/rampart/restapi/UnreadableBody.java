package dev.rampart.restapi;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * What exactly is wrong with a JSON body Jackson could not read, for a 400 that tells the
 * caller what to fix: the field (a JSON path such as {@code items[2].title}), what was
 * expected, and for malformed JSON the line and column. Never echoes the value that was
 * sent.
 */
record UnreadableBody(String field, String message) {

	private static final Map<Class<?>, String> EXPECTED = Map.ofEntries(Map.entry(String.class, "a string"),
			Map.entry(Integer.class, "a whole number"), Map.entry(int.class, "a whole number"),
			Map.entry(Long.class, "a whole number"), Map.entry(long.class, "a whole number"),
			Map.entry(Boolean.class, "true or false"), Map.entry(boolean.class, "true or false"),
			Map.entry(java.util.UUID.class, "an id (UUID)"), Map.entry(java.util.List.class, "a list"),
			Map.entry(Map.class, "an object"));

	static Optional<UnreadableBody> of(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof PropertyBindingException unknown) {
				Collection<Object> known = unknown.getKnownPropertyIds();
				return Optional
					.of(new UnreadableBody(path(unknown, unknown.getPropertyName()), known == null || known.isEmpty()
							? "is not a field here" : "is not a field here; the fields are "
									+ String.join(", ", new TreeSet<>(known.stream().map(Object::toString).toList()))));
			}
			if (t instanceof tools.jackson.databind.exc.InvalidFormatException format
					&& dev.rampart.shared.TextFields.LONE_SURROGATE.equals(format.getOriginalMessage())) {
				return Optional.of(new UnreadableBody(path(format, null), format.getOriginalMessage()));
			}
			if (t instanceof MismatchedInputException mismatch) {
				Class<?> target = mismatch.getTargetType();
				String expected = target == null ? "another kind of value" : EXPECTED.getOrDefault(target,
						target.isEnum() ? "one of the allowed names" : "a " + target.getSimpleName());
				return Optional.of(new UnreadableBody(path(mismatch, null), "must be " + expected));
			}
			if (t instanceof StreamReadException malformed) {
				TokenStreamLocation at = malformed.getLocation();
				String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
				return Optional.of(new UnreadableBody("body", "is not valid JSON" + where));
			}
		}
		return Optional.empty();
	}

	/**
	 * The JSON path of the failure, e.g. {@code grants[1].role}; "body" for the whole
	 * document.
	 */
	private static String path(JacksonException failure, @Nullable String last) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : failure.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		if (last != null && !path.toString().endsWith(last)) {
			path.append(path.isEmpty() ? "" : ".").append(last);
		}
		return path.isEmpty() ? "body" : path.toString();
	}

}
