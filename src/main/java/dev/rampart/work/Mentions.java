package dev.rampart.work;

import dev.rampart.access.AccessPolicy;
import dev.rampart.shared.UserId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Mentions in descriptions and comments. A mention is the Markdown token
 * {@code @[Name](mention:<user id>)} (the web app's picker writes it). On saving, a token
 * naming a member who may read the task is kept with that member's current name (so a
 * writer cannot dress one person up as another); any other becomes the plain text
 * {@code @Name}, so nobody learns whether that person exists or may see the task. Only
 * the first {@link #MAX_PER_TEXT} distinct people are mentioned; the rest stay plain.
 */
@Component
class Mentions {

	static final int MAX_PER_TEXT = 20;

	/** A mention token; names hold no brackets, parentheses or line breaks. */
	static final Pattern TOKEN = Pattern
		.compile("@\\[([^\\[\\]()\\r\\n]{1,100})\\]\\(mention:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
				+ "-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\)");

	private final AccessPolicy access;

	private final DisplayNames names;

	Mentions(AccessPolicy access, DisplayNames names) {
		this.access = access;
		this.names = names;
	}

	/** Text as saved, and the people it validly mentions. */
	record Resolved(String text, Set<UserId> people) {
	}

	/**
	 * {@code text} with its mentions checked against who may read {@code task}, as
	 * {@code writer} sees it, in the writer's transaction.
	 */
	Resolved resolve(DSLContext sql, UserId writer, dev.rampart.shared.TaskId task, String text) {
		Set<UserId> named = mentioned(text);
		if (named.isEmpty()) {
			return new Resolved(text, Set.of());
		}
		Set<UserId> candidates = new LinkedHashSet<>();
		named.stream().limit(MAX_PER_TEXT).forEach(candidates::add);
		Set<UserId> readers = access.readersAmong(writer, task, candidates);
		Map<UserId, String> current = readers.isEmpty() ? Map.of() : names.of(sql, readers);
		Matcher matcher = TOKEN.matcher(text);
		StringBuilder saved = new StringBuilder(text.length());
		Set<UserId> kept = new LinkedHashSet<>();
		while (matcher.find()) {
			UserId user = new UserId(UUID.fromString(matcher.group(2)));
			String name = current.get(user);
			String replacement;
			if (readers.contains(user) && name != null) {
				replacement = token(name, user);
				kept.add(user);
			}
			else {
				replacement = "@" + matcher.group(1);
			}
			matcher.appendReplacement(saved, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(saved);
		return new Resolved(saved.toString(), Set.copyOf(kept));
	}

	/**
	 * {@code text} with every mention made plain text: for text that arrives without a
	 * writer to check it against (a template's instructions).
	 */
	public static String plain(String text) {
		return TOKEN.matcher(text).replaceAll("@$1");
	}

	/** The people {@code text}'s tokens name, in order, each once. */
	static Set<UserId> mentioned(String text) {
		Map<UserId, Boolean> found = new LinkedHashMap<>();
		Matcher matcher = TOKEN.matcher(text);
		while (matcher.find()) {
			found.put(new UserId(UUID.fromString(matcher.group(2))), Boolean.TRUE);
		}
		return found.keySet();
	}

	/** The token for {@code user}, their name made safe for it. */
	static String token(String name, UserId user) {
		String safe = name.replaceAll("[\\[\\]()\\r\\n]+", " ").replaceAll("\\s+", " ").strip();
		if (safe.isEmpty()) {
			safe = "someone";
		}
		return "@[" + (safe.length() > 100 ? safe.substring(0, 100) : safe) + "](mention:" + user.value() + ")";
	}

}
