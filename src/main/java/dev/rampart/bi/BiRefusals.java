package dev.rampart.bi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.audit.AuditTrail;
import dev.rampart.audit.Outcome;
import dev.rampart.shared.OrgId;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Refused connections to the BI database, read from its {@code jsonlog} files and written
 * to the activity log of the organization whose login role was refused (the platform's
 * for a name that is no BI user's): no rule for the address or a plain connection, a
 * wrong or expired password, the connection limit. Only what the server logged is
 * recorded: the login role, the address, the reason; never a password (the server never
 * has one).
 */
@Component
class BiRefusals {

	private final BiDatabase bi;

	private final BiAuthority authority;

	private final AuditTrail trail;

	private final ObjectMapper json = new ObjectMapper();

	/**
	 * How far each log file has been read; files present at start are read from their
	 * end.
	 */
	private final Map<Path, Long> offsets = new HashMap<>();

	private boolean primed;

	BiRefusals(BiDatabase bi, BiAuthority authority, AuditTrail trail) {
		this.bi = bi;
		this.authority = authority;
		this.trail = trail;
	}

	synchronized void read() {
		Path dir = bi.logDirectory();
		if (dir == null || !Files.isDirectory(dir)) {
			return;
		}
		List<Path> files;
		try (Stream<Path> listing = Files.list(dir)) {
			files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
		}
		catch (IOException ex) {
			return;
		}
		for (Path file : files) {
			try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
				long length = in.length();
				long from = offsets.getOrDefault(file, primed ? 0L : length);
				if (from > length) {
					from = 0; // rewritten
				}
				in.seek(from);
				byte[] bytes = new byte[(int) Math.min(length - from, 8 * 1024 * 1024)];
				in.readFully(bytes);
				int end = lastNewline(bytes);
				offsets.put(file, from + end);
				String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
				for (String line : text.split("\n")) {
					if (!line.isBlank()) {
						record(line);
					}
				}
			}
			catch (IOException ex) {
				// rotated away meanwhile: the next round reads the new file
			}
		}
		primed = true;
	}

	private static int lastNewline(byte[] bytes) {
		for (int i = bytes.length - 1; i >= 0; i--) {
			if (bytes[i] == '\n') {
				return i + 1;
			}
		}
		return 0;
	}

	private void record(String line) {
		JsonNode entry;
		try {
			entry = json.readTree(line);
		}
		catch (IOException ex) {
			return;
		}
		if (!"FATAL".equals(entry.path("error_severity").asText())) {
			return;
		}
		String user = entry.path("user").asText("");
		if (!BiDatabase.ROLE.matcher(user).matches() || !user.startsWith("u_")) {
			return; // Rampart's own roles, or a name no BI user has: not an
					// organization's
		}
		String reason = reason(entry.path("state_code").asText(""), entry.path("message").asText(""));
		if (reason == null) {
			return;
		}
		Optional<OrgId> org = authority.orgOfLogin(user);
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("login", user);
		data.put("reason", reason);
		String address = entry.path("remote_host").asText(null);
		trail.recordObserved("bi.connection_refused", org.orElse(null), address, "rampart-bi-database", data,
				Outcome.DENIED, reason);
	}

	private static @Nullable String reason(String state, String message) {
		return switch (state) {
			case "28000" -> message.contains("no encryption") ? "plain connection (TLS is required)"
					: "no rule allows this source address";
			case "28P01" -> "wrong or expired password";
			case "53300" -> "connection limit reached";
			default -> null;
		};
	}

}
