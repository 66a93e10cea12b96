package dev.rampart.shared;

/**
 * JSON string literals written by hand where the output's exact bytes matter (hashes, log
 * lines).
 */
public final class JsonText {

	private JsonText() {
	}

	/**
	 * Appends {@code text} as a JSON string. With {@code asciiOnly} every character
	 * outside printable ASCII is escaped too, so the bytes do not depend on any later
	 * re-encoding.
	 */
	public static void quote(StringBuilder out, String text, boolean asciiOnly) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20 || asciiOnly && c > 0x7e) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
