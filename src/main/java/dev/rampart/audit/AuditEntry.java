package dev.rampart.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the activity log. {@code data} is the filtered request data as canonical
 * JSON; {@code hash} = SHA-256(prevHash || seq as 8 bytes || canonical form), the
 * canonical form being every other field in a fixed order ({@link #canonical()}).
 */
public record AuditEntry(UUID chain, long seq, Instant at, @Nullable UUID actorId, @Nullable UUID tokenId,
		String action, @Nullable String targetKind, @Nullable String targetId, String outcome, @Nullable String address,
		@Nullable String userAgent, @Nullable String requestId, String data, @Nullable String detail, byte[] prevHash,
		byte[] hash) {

	/** The chain of events that belong to no organization; readable by operators only. */
	public static final UUID PLATFORM_CHAIN = new UUID(0, 0);

	public @Nullable UUID orgId() {
		return PLATFORM_CHAIN.equals(chain) ? null : chain;
	}

	/**
	 * The hashed form of the entry's fields (all but seq and the hashes, which the chain
	 * adds).
	 */
	public String canonical() {
		return canonical(chain, at, actorId, tokenId, action, targetKind, targetId, outcome, address, userAgent,
				requestId, data, detail);
	}

	static String canonical(UUID chain, Instant at, @Nullable UUID actorId, @Nullable UUID tokenId, String action,
			@Nullable String targetKind, @Nullable String targetId, String outcome, @Nullable String address,
			@Nullable String userAgent, @Nullable String requestId, String data, @Nullable String detail) {
		StringBuilder out = new StringBuilder(256 + data.length());
		out.append("{\"v\":1");
		field(out, "chain", chain.toString());
		field(out, "at", DateTimeFormatter.ISO_INSTANT.format(at));
		field(out, "actor", actorId == null ? null : actorId.toString());
		field(out, "token", tokenId == null ? null : tokenId.toString());
		field(out, "action", action);
		field(out, "targetKind", targetKind);
		field(out, "targetId", targetId);
		field(out, "outcome", outcome);
		field(out, "address", address);
		field(out, "userAgent", userAgent);
		field(out, "requestId", requestId);
		field(out, "data", data);
		field(out, "detail", detail);
		return out.append('}').toString();
	}

	private static void field(StringBuilder out, String name, @Nullable String value) {
		out.append(",\"").append(name).append("\":");
		if (value == null) {
			out.append("null");
		}
		else {
			CanonicalJson.string(out, value);
		}
	}

	/**
	 * The link of the chain: what the database computes in {@code rampart.audit_append}.
	 */
	public static byte[] chainHash(byte[] prevHash, long seq, String canonical) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(prevHash);
			sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seq).array());
			sha.update(canonical.getBytes(StandardCharsets.UTF_8));
			return sha.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The entry as one line of JSON (exports, the CLI), its data an object. */
	public String jsonLine() {
		return CanonicalJson.write(readerView(null));
	}

	/**
	 * The entry as people and tools read it (REST, exports, the CLI): {@code data} as a
	 * JSON object, and the actor's display name where the reader may see it.
	 */
	public Map<String, @Nullable Object> readerView(@Nullable String actorName) {
		Map<String, @Nullable Object> view = view();
		view.put("data", new RawJson(data));
		Map<String, @Nullable Object> named = new LinkedHashMap<>();
		view.forEach((key, value) -> {
			named.put(key, value);
			if ("actorId".equals(key)) {
				named.put("actorName", actorName);
			}
		});
		return named;
	}

	/**
	 * The entry's fields as the chain holds them ({@code data} a string of canonical
	 * JSON): archive files.
	 */
	public Map<String, @Nullable Object> view() {
		Map<String, @Nullable Object> view = new LinkedHashMap<>();
		view.put("orgId", orgId() == null ? null : String.valueOf(orgId()));
		view.put("seq", seq);
		view.put("at", DateTimeFormatter.ISO_INSTANT.format(at));
		view.put("actorId", actorId == null ? null : actorId.toString());
		view.put("tokenId", tokenId == null ? null : tokenId.toString());
		view.put("action", action);
		view.put("targetKind", targetKind);
		view.put("targetId", targetId);
		view.put("outcome", outcome);
		view.put("address", address);
		view.put("userAgent", userAgent);
		view.put("requestId", requestId);
		view.put("data", data);
		view.put("detail", detail);
		view.put("prevHash", java.util.HexFormat.of().formatHex(prevHash));
		view.put("hash", java.util.HexFormat.of().formatHex(hash));
		return view;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AuditEntry that && chain.equals(that.chain) && seq == that.seq
				&& MessageDigest.isEqual(hash, that.hash);
	}

	@Override
	public int hashCode() {
		return chain.hashCode() * 31 + Long.hashCode(seq);
	}

	@Override
	public String toString() {
		return "AuditEntry[" + chain + "#" + seq + " " + action + " " + outcome + "]";
	}

}
