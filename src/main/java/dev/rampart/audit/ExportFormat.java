package dev.rampart.audit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an export writes entries: JSON Lines (one canonical JSON object per line) or CSV.
 */
public enum ExportFormat {

	JSONL("application/jsonl", "jsonl"), CSV("text/csv", "csv");

	private static final List<String> COLUMNS = List.of("orgId", "seq", "at", "actorId", "actorName", "tokenId",
			"action", "targetKind", "targetId", "outcome", "address", "userAgent", "requestId", "data", "detail",
			"prevHash", "hash");

	private final String mediaType;

	private final String extension;

	ExportFormat(String mediaType, String extension) {
		this.mediaType = mediaType;
		this.extension = extension;
	}

	public String mediaType() {
		return mediaType;
	}

	public String extension() {
		return extension;
	}

	public static ExportFormat parse(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	/** The first line, if the format has one. */
	public String header() {
		return this == CSV ? String.join(",", COLUMNS) + "\r\n" : "";
	}

	public String line(AuditEntry entry, @Nullable String actorName) {
		Map<String, @Nullable Object> view = entry.readerView(actorName);
		if (this == JSONL) {
			return CanonicalJson.write(view) + "\n";
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < COLUMNS.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			Object value = view.get(COLUMNS.get(i));
			out.append(cell(value instanceof RawJson raw ? raw.json() : Objects.toString(value, "")));
		}
		return out.append("\r\n").toString();
	}

	static String cell(String value) {
		return dev.rampart.shared.Csv.cell(value);
	}

}
