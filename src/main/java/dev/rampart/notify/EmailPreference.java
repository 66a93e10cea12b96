package dev.rampart.notify;

import dev.rampart.shared.InvalidInput;
import java.util.Arrays;
import java.util.Locale;

/** When a user's notifications are mailed to them. */
public enum EmailPreference {

	/** A mail within a minute, several notifications of the same minute in one. */
	IMMEDIATELY,
	/** One mail a day with what is still unread. */
	DAILY,
	/** Never: the app only. */
	OFF;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static EmailPreference parse(String field, String value) {
		return Arrays.stream(values())
			.filter(preference -> preference.wireName().equals(value))
			.findFirst()
			.orElseThrow(() -> new InvalidInput(field, "must be immediately, daily or off"));
	}

}
